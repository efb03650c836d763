import type { IncomingData } from './moshi-reader.js';

/**
 * The `device_info` Room row (DeviceInfo.kt:7-17): the backend's pushed
 * configuration, one row, persisted across restarts (§5j).
 */
export interface DeviceConfig {
  currency: string;
  minTransactionLimit: number;
  maxTransactionLimit: number;
  transactionFeeType: string;
  transactionFeeValue: number;
  yaspaEnabled: boolean;
  paymentProvider: string;
  requireCardReceipt: boolean;
}

/** `pending_tx`: an NNSmart sale taken, limit not yet decided (PaymentViewModel.kt:855-870, §5f step 3). */
export interface PendingSaleRecord {
  transactionId: string;
  amount: number;
  originalTrxUniqueId: string;
  provider: string;
}

/** `pending_ticket_tx`: a paid sale whose ticket is not yet confirmed (PaymentViewModel.kt:960-975, §5g step 6). */
export interface PendingTicketRecord {
  transactionId: string;
  amount: number;
  originalRequesterRef: string;
  provider: string;
}

/**
 * What survives an app restart: the Room row and the three
 * SharedPreferences keys of "payment_recovery" (PaymentViewModel.kt:49-50).
 * Give a restarted kiosk the same object. The in-memory last sale is not
 * here on purpose: a restart loses it (§5h step 3, §5k step 3).
 */
export interface KioskStorage {
  deviceConfig: DeviceConfig | undefined;
  pendingSale: PendingSaleRecord | undefined;
  pendingTicket: PendingTicketRecord | undefined;
  /** The one slot of the critical sender (§2.10): the raw frame text. */
  pendingCriticalMessage: string | undefined;
}

/** Empty storage: a freshly installed app. */
export function emptyStorage(): KioskStorage {
  return { deviceConfig: undefined, pendingSale: undefined, pendingTicket: undefined, pendingCriticalMessage: undefined };
}

/**
 * Whether a backend DEVICE_INFO is configuration: one of six fields present
 * and non-null; `currency` or `transactionFeeValue` alone are not
 * (PaymentViewModel.kt:2062-2069, §5j step 3).
 */
export function isConfiguration(data: IncomingData): boolean {
  return data.minTransactionLimit != null || data.maxTransactionLimit != null || data.transactionFeeType != null
    || data.yaspaEnabled != null || data.paymentProvider != null || data.requireCardReceipt != null;
}

/**
 * The row stored for a configuration: each field from the message, else the
 * stored row, else the default (PaymentViewModel.kt:2079-2089): GBP, 10, 300,
 * FIXED, 0.50, YASPA on, provider "nnsmart", receipt required.
 */
export function mergeConfiguration(data: IncomingData, stored: DeviceConfig | undefined): DeviceConfig {
  return {
    currency: data.currency ?? stored?.currency ?? 'GBP',
    minTransactionLimit: data.minTransactionLimit ?? stored?.minTransactionLimit ?? 10.0,
    maxTransactionLimit: data.maxTransactionLimit ?? stored?.maxTransactionLimit ?? 300.0,
    transactionFeeType: data.transactionFeeType ?? stored?.transactionFeeType ?? 'FIXED',
    transactionFeeValue: data.transactionFeeValue ?? stored?.transactionFeeValue ?? 0.5,
    yaspaEnabled: data.yaspaEnabled ?? stored?.yaspaEnabled ?? true,
    paymentProvider: data.paymentProvider ?? stored?.paymentProvider ?? 'nnsmart',
    requireCardReceipt: data.requireCardReceipt ?? stored?.requireCardReceipt ?? true,
  };
}

/** The display symbol of a currency code: GBP, USD, EUR mapped, anything else as is (PaymentViewModel.kt:337-344). */
export function currencySymbol(code: string): string {
  switch (code.toUpperCase()) {
    case 'GBP': return '£';
    case 'USD': return '$';
    case 'EUR': return '€';
    default: return code;
  }
}

/**
 * The amount charged for a chosen amount: `trunc(a + fee)` (truncation, not
 * rounding); FIXED adds the value, PERCENTAGE adds a × value / 100, any other
 * type or a value ≤ 0 adds nothing, no row adds nothing
 * (PaymentViewModel.kt:264-304, §5b step 3).
 */
export function finalAmountWithFee(amount: number, config: DeviceConfig | undefined): number {
  if (!config || config.transactionFeeValue <= 0) return amount;
  const fee = config.transactionFeeValue;
  let total: number;
  switch (config.transactionFeeType.toUpperCase()) {
    case 'FIXED': total = amount + fee; break;
    case 'PERCENTAGE': total = amount + (amount * fee) / 100.0; break;
    default: total = amount;
  }
  // Kotlin's Double.toInt(): toward zero, clamped to Int's range.
  return Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, Math.trunc(total)));
}

/** "nnsmart" or "newland", any case, trimmed (NNSmartPaymentManager.kt:106-110). */
export function isNnsmartProvider(provider: string | null | undefined): boolean {
  if (provider == null || provider.trim() === '') return false;
  const p = provider.toLowerCase().trim();
  return p === 'nnsmart' || p === 'newland';
}

/** `String.format("%.2f", amount.toDouble())`: the amount string a terminal is given (PaymentViewModel.kt:563). */
export const formatAmount = (amount: number): string => amount.toFixed(2);
