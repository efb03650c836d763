import { restartRefusal, reversalRequestRefusal } from './control-rules.js';
import { cardOf, decideLimit } from './limit-rules.js';
import { reversalEffect, reversalKey, reversalPath, stateAfterReversal } from './reversal-rules.js';

/**
 * V2-M-15: a sale's key is the kiosk, the backend's own cycle (one per
 * AMOUNT_SELECT it sent) and the transaction id the kiosk used, never the id
 * alone: K6/K7 may carry "initial" or a `config-…`/`info-…` id.
 */
export function saleKey(kioskId: string, cycle: number, transactionId: string): string {
  return JSON.stringify([kioskId, cycle, transactionId]);
}

/** The rules of the v2 backend, one object every part shares (deliberate faults bend them from outside). */
export const v2Rules = { cardOf, decideLimit, saleKey, reversalPath, reversalKey, reversalEffect, stateAfterReversal, restartRefusal, reversalRequestRefusal };

/** The rules' type: what a part judges by. */
export type V2Rules = { -readonly [K in keyof typeof v2Rules]: (typeof v2Rules)[K] };

/** A fresh copy of the rules for one server (bending it changes no other server). */
export function protocolV2Rules(): V2Rules {
  return { ...v2Rules };
}
