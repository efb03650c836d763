/** The v2 backend's settings (`paysock serve --profile pinto-android-2`). */
export interface V2Config {
  /** Preset amounts on AMOUNT_SELECT (V2-BAK-9); the server offers only presets within min/max (V2-FLOW-6). */
  amounts: number[];
  /** Display symbol on AMOUNT_SELECT and PAYMENT_METHOD (V2-AMT-3). */
  currency: string;
  /** Currency code in the DEVICE_INFO configuration (V2-AMT-3). */
  currencyCode: string;
  showOtherOption: boolean;
  /** Methods on PAYMENT_METHOD; DEBIT_CARD and PAY_BY_BANK both run the card payment (V2-FLOW-7). */
  methods: string[];
  /** The per-card daily limit, whole units, UTC day (V2-M-1; `--daily-limit`). */
  dailyLimit: number;
  /** The DEVICE_INFO configuration sent on every connection (V2-FLOW-1, V2-FLOW-20). */
  minTransactionLimit: number;
  maxTransactionLimit: number;
  transactionFeeType: 'FIXED' | 'PERCENTAGE';
  transactionFeeValue: number;
  yaspaEnabled: boolean;
  /** `integra`, `nnsmart` (or `newland`), `mock` (V2-FLOW-7). */
  paymentProvider: string;
  requireCardReceipt: boolean;
  /** Pace of the server's own screens after a sale (RECEIPT_QUESTION, the ticket, COLLECT_TICKET..AMOUNT_SELECT), ms (V2-OPEN-12). */
  stepDelayMs: number;
  /**
   * Interval of the server's WebSocket pings, ms (`--ping-interval`, as v1's):
   * a kiosk that missed two pongs in a row is dropped (V2-TRN-5: a backend
   * MAY ping). 0: no pings at all (the `no-server-pings` variant).
   */
  pingIntervalMs: number;
}

/** The defaults: the kiosk's own configuration defaults (pinto-android-2.md §5j) except a fee of 0 and the Integra provider. */
export const defaultV2Config: V2Config = {
  amounts: [20, 40, 60, 80, 100],
  currency: '£',
  currencyCode: 'GBP',
  showOtherOption: true,
  methods: ['DEBIT_CARD', 'PAY_BY_BANK'],
  dailyLimit: 300,
  minTransactionLimit: 10,
  maxTransactionLimit: 300,
  transactionFeeType: 'FIXED',
  transactionFeeValue: 0,
  yaspaEnabled: true,
  paymentProvider: 'integra',
  requireCardReceipt: true,
  stepDelayMs: 1_500,
  pingIntervalMs: 30_000,
};

/** The configuration keys of DEVICE_INFO (pinto-android-2.md §5j step 3). */
export type DeviceConfig = Pick<V2Config, 'minTransactionLimit' | 'maxTransactionLimit' | 'transactionFeeType' | 'transactionFeeValue' | 'yaspaEnabled' | 'paymentProvider' | 'requireCardReceipt'> & { currency: string };

/** The DEVICE_INFO `data` a kiosk is sent. */
export function deviceConfig(config: V2Config, overrides: Partial<DeviceConfig> = {}): DeviceConfig {
  return {
    minTransactionLimit: config.minTransactionLimit,
    maxTransactionLimit: config.maxTransactionLimit,
    currency: config.currencyCode,
    transactionFeeType: config.transactionFeeType,
    transactionFeeValue: config.transactionFeeValue,
    yaspaEnabled: config.yaspaEnabled,
    paymentProvider: config.paymentProvider,
    requireCardReceipt: config.requireCardReceipt,
    ...overrides,
  };
}
