/**
 * What a REVERSAL_RESULT means for the books, as pure functions (V2-M-8,
 * V2-M-10, V2-KIO-11): which path sent it, its key, and what it does to the
 * sale it concerns.
 */

/** Which kiosk path sent a reversal result (pinto-android-2.md §3.2.2). */
export type ReversalPath = 'limit' | 'recovery' | 'ticket-recovery' | 'requested';

/** The fields of a REVERSAL_RESULT the books read. */
export interface ReversalFields {
  transactionId: string;
  screen: string;
  errorCode: string | null;
  requesterRef: string | null;
  originalRef: string | null;
  originalTransactionId: string | null;
  reversalAmount: number | null;
}

/** Tells the path apart by `RequesterTransRefNum` and the code (§3.2.2: "A backend tells the paths apart by RequesterTransRefNum"). */
export function reversalPath(fields: ReversalFields): ReversalPath {
  const ref = fields.requesterRef ?? '';
  if (ref.startsWith('RECOVERY_TICKET_REVERSAL_')) return 'ticket-recovery';
  if (ref.startsWith('RECOVERY_REVERSAL_')) return 'recovery';
  if (ref.startsWith('REVERSAL_') && (fields.errorCode ?? '').startsWith('LIMIT_')) return 'limit';
  return 'requested';
}

/** V2-M-10's key: (kiosk, RequesterTransRefNum) when present, else (kiosk, transactionId, errorCode). */
export function reversalKey(fields: ReversalFields): string {
  if (fields.requesterRef) return `ref:${fields.requesterRef}`;
  return `id:${fields.transactionId}\n${fields.errorCode ?? ''}`;
}

/** What a result does to its sale (V2-M-8's table). */
export type ReversalEffect =
  /** Reversed on the terminal: the sale no longer counts (and never counts again). */
  | 'reversed'
  /** Captured and not reversed: needs a manual refund, keeps counting. */
  | 'refund-needed'
  /** The sale stands (still paid) and is flagged for reconciliation. */
  | 'flag';

/** The effect of one result on its sale, and the flag it raises (none for a plain success). */
export function reversalEffect(fields: ReversalFields, path: ReversalPath): { effect: ReversalEffect; flag: string | undefined } {
  if (fields.screen === 'SUCCESS') return { effect: 'reversed', flag: path === 'ticket-recovery' ? 'ticket-void' : undefined };
  if (path === 'limit' || path === 'recovery') return { effect: 'refund-needed', flag: 'refund-needed' };
  if (path === 'ticket-recovery') return { effect: 'flag', flag: 'ticket-recovery-failed' };
  if (fields.errorCode === 'NO_SALE_FOUND') return { effect: 'flag', flag: 'no-sale-found' };
  if (fields.errorCode === 'EXCEPTION') return { effect: 'flag', flag: 'reversal-exception' };
  return { effect: 'flag', flag: 'requested-reversal-failed' };
}

/**
 * The state a sale takes after a reversal result: a reversed sale is never
 * revived by a later result (V2-M-8), and of several results any success wins
 * (V2-M-10; which contradictory result wins is open, V2-OPEN-6, and this is
 * the source's own reading).
 */
export function stateAfterReversal(current: string, effect: ReversalEffect): string {
  if (current === 'reversed') return current;
  if (effect === 'reversed') return 'reversed';
  if (effect === 'refund-needed') return 'refund-needed';
  return current;
}
