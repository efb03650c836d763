/**
 * When the backend may send a message of its own to a kiosk (V2-M-11,
 * V2-M-12, V2-M-13, V2-FLOW-21), as pure functions: each returns why it may
 * not, or undefined when it may.
 */

/** Where a kiosk's cycle is, as far as the backend can tell. */
export type KioskPhase =
  /** AMOUNT_SELECT shown (or the kiosk's own screens after a FAILED, a LIMIT_ERROR or a reversal). */
  | 'idle'
  /** PAYMENT_METHOD shown: a tap on a card method starts a payment and sends nothing (V2-FLOW-7). */
  | 'method'
  /** A card payment runs on the kiosk: from K1 (yaspaEnabled false) or K6, until its K7 or K8a (V2-M-13). */
  | 'payment'
  /** A successful sale whose ticket is not confirmed yet (COLLECT_TICKET not sent, V2-M-12). */
  | 'holding-sale'
  /** The ticket was confirmed; the backend finishes the cycle. */
  | 'finishing'
  /** A reversal request was sent and its result is awaited (V2-FLOW-16). */
  | 'reversing';

/** A sale as the control rules see it. */
export interface SaleRef {
  saleNo: number;
  state: string;
  /** The kiosk's connection the sale was taken on. */
  connection: number;
}

/** V2-FLOW-21, V2-M-12, V2-M-13: RESTART_APP never during a card payment or while the kiosk holds a sale. */
export function restartRefusal(phase: KioskPhase): string | undefined {
  if (phase === 'method' || phase === 'payment') return 'a card payment may be running on the kiosk (V2-M-13)';
  if (phase === 'holding-sale' || phase === 'reversing') return 'the kiosk holds a sale whose ticket is not confirmed (V2-M-12)';
  return undefined;
}

/**
 * V2-M-11: a reversal request only for the kiosk's most recent sale, taken on
 * its current connection (after a reconnect the kiosk may have restarted and
 * forgotten it), that is paid, and while no other payment runs.
 */
export function reversalRequestRefusal(target: SaleRef | undefined, latest: SaleRef | undefined, connection: number, phase: KioskPhase): string | undefined {
  if (target === undefined) return 'no such sale of this kiosk';
  if (latest === undefined || latest.saleNo !== target.saleNo) return "not the kiosk's most recent sale: the kiosk remembers only that one (V2-M-11)";
  if (target.connection !== connection) return 'the kiosk reconnected since the sale: it may have restarted and forgotten it (V2-M-11)';
  if (target.state !== 'paid') return `the sale is ${target.state}, not paid`;
  if (phase === 'method' || phase === 'payment') return 'a card payment may be running on the kiosk (V2-M-11, V2-M-13)';
  return undefined;
}
