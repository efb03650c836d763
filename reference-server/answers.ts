import type { ProtocolErrorCode } from '../protocol/error-catalogue.js';
import type { Screen } from '../protocol/screen-graph.js';

/**
 * One answer the sources allow to a terminal's message. The rules
 * (action-rules.ts) list every answer that is legal, ERR-10's first; the
 * server's choices (`Choices`) pick one.
 */
export type Answer =
  /** ERROR with this code (ERR-3: nothing changes). */
  | { kind: 'error'; code: ProtocolErrorCode }
  /** The current screen, sent again (RES-4: a replayed selection). */
  | { kind: 'screen' }
  /** The action goes on to LIMIT_ERROR (FLOW-6). */
  | { kind: 'limit' }
  /** The action is allowed and moves the terminal. */
  | { kind: 'go' };

/**
 * Where the sources allow more than one answer, which one this server gives.
 * The protocol's own choice is `firstChoices`; a server may choose otherwise
 * only among what the rules list as legal.
 */
export interface Choices {
  /** One of `answers` (never empty; `answers[0]` is ERR-10's first). */
  answer(answers: readonly Answer[]): Answer;
  /**
   * The transaction id an ERROR carries: the one the terminal was told
   * (`told`, TXN-6), or, while none is active, the well-formed id the
   * message named (`named`), which no source forbids.
   */
  errorTransactionId(told: string, named: string | undefined): string;
  /** Whether an ERROR answering a terminal's message is followed by the current screen again (FLOW-18 allows it). */
  readonly screenAfterError: boolean;
  /** Whether the steps that may go on while the terminal is away (server-steps.ts) do, instead of pausing (RES-6, a project SHOULD). */
  readonly stepsWhileAway: boolean;
}

/** The protocol's own choices: ERR-10's first answer, the id the terminal was told, nothing more sent, steps paused while away. */
export const firstChoices: Choices = {
  answer: (answers) => answers[0] ?? { kind: 'error', code: 'INVALID_MESSAGE' },
  errorTransactionId: (told) => told,
  screenAfterError: false,
  stepsWhileAway: false,
};

/** The screens after a payment started, where a PAYMENT_METHOD selection of the same transaction is a replay (RES-4). */
export const afterPayment: ReadonlySet<Screen> = new Set<Screen>(['PROCESSING', 'SUCCESS', 'FAILED', 'PRINT_TICKET', 'COLLECT_TICKET', 'THANK_YOU']);
