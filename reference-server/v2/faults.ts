/**
 * Deliberate defects of the v2 backend, one at least per money rule it keeps
 * (V2-M-1..V2-M-15) and one per frame or flow rule a v2 case checks that no
 * money fault breaks, switched on with `paysock serve --profile
 * pinto-android-2 --fault <name>`: each breaks its rule so that a test (and,
 * later, a conformance case) can show it is caught. A table of its own: v1's
 * table (../faults.ts) and its mutation tests stay as they are.
 */
export const v2Faults = {
  'v2-no-card-limit': 'every CARD_CHECK_RESULT is APPROVED: the per-card daily limit is never applied (V2-M-1)',
  'v2-capture-not-recorded': 'an NNSmart CARD_CHECK_RESULT is answered without recording the captured sale; the books hear of it only from the PAYMENT_RESULT (V2-M-2)',
  'v2-card-check-answered-twice': 'every CARD_CHECK_RESULT gets two LIMIT_CHECK_RESULTs (V2-M-3)',
  'v2-no-reservation': 'an approved amount is not reserved: only reported sales count, so two kiosks checking one card both get APPROVED (V2-M-4)',
  'v2-tokenless-aggregated': 'the tokenless values ("null", the dev PAR) are counted as one card (V2-M-5)',
  'v2-payment-result-rebooked': 'PAYMENT_RESULT is keyed with its timestamp: a second SUCCESS for one sale is booked as another sale, counted twice, no anomaly (V2-M-6)',
  'v2-reset-fails-open-sale': 'a RESET after APPROVED books the sale FAILED and releases its reservation: the unknown outcome is lost (V2-M-7)',
  'v2-reversed-sale-still-counted': 'a successful reversal leaves the sale counting against the card (V2-M-8)',
  'v2-card-total-drift': "a card's kept total (spent) is not lowered when an approved sale fails or is reversed: the limit decisions, which sum the counting sales, stay right, but the total the books show drifts from its sales (V2-M-4, V2-M-8; only the books show it)",
  'v2-unknown-reversal-refused': 'a REVERSAL_RESULT for a sale the books do not know is answered with ERROR and not recorded (V2-M-9)',
  'v2-later-reversal-result-wins': 'a later failed reversal result revives a reversed sale (V2-M-10)',
  'v2-reversal-request-any-sale': 'a reversal request is sent for any sale of the kiosk, not only its most recent one on this connection (V2-M-11)',
  'v2-restart-holding-sale': 'RESTART_APP is sent even while the kiosk holds a sale whose ticket is not confirmed (V2-M-12)',
  'v2-idle-timeout-during-payment': 'a v1-style idle timer: 60 s after PAYMENT_METHOD the server sends ERROR TIMEOUT and AMOUNT_SELECT while the card payment may run (V2-M-13)',
  'v2-collect-after-print-failure': 'after a failed print the server goes on to COLLECT_TICKET and THANK_YOU instead of asking for a reversal (V2-M-14)',
  'v2-money-keyed-by-transaction-id': 'sales are keyed by transactionId alone: a card check reusing an id of an earlier cycle or another kiosk is taken for a duplicate and never answered (V2-M-15)',
  'v2-unparsed-frame-error': 'a kiosk frame that is not JSON is answered with ERROR INVALID_MESSAGE instead of being logged and kept (V2-ERR-5, V2-ENV-6)',
  'v2-clock-skew-rejected': 'a kiosk message whose timestamp is more than 5 minutes off the server clock is answered with ERROR CLOCK_SKEW and dropped (V2-ENV-7)',
  'v2-idle-kiosk-closed': 'a kiosk that sends nothing for 20 s is closed with a close frame, as if it had to ping (V2-TRN-5, V2-TRN-7)',
  'v2-currency-code-on-screens': 'AMOUNT_SELECT carries the currency code "GBP" instead of a display symbol (V2-AMT-3)',
  'v2-repeated-reset-ignored': 'a RESET within 5 s of the same kiosk\'s previous one is taken for a repeat and not answered (V2-TRN-10, V2-FLOW-22)',
  'v2-ticket-recovery-refused': 'a ticket-recovery REVERSAL_RESULT (RECOVERY_TICKET_REVERSAL_…) is answered with ERROR: only requested reversals are expected (V2-FLOW-14)',
  'v2-amount-error-without-yaspa': 'with yaspaEnabled false, the amount (K1) is answered with ERROR "choose a payment method" (V2-FLOW-5)',
} as const;

/** The name of one v2 fault. */
export type V2FaultName = keyof typeof v2Faults;

/** Every v2 fault name, in table order. */
export const v2FaultNames = Object.keys(v2Faults) as V2FaultName[];

/** Checks fault names; throws a RangeError naming the unknown ones. */
export function checkV2Faults(names: readonly string[]): V2FaultName[] {
  const unknown = names.filter((name) => !(name in v2Faults));
  if (unknown.length > 0) throw new RangeError(`unknown v2 fault ${unknown.map((n) => JSON.stringify(n)).join(', ')} (valid: ${v2FaultNames.join(', ')})`);
  return names as V2FaultName[];
}
