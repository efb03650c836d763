import { randomUUID } from 'node:crypto';
import type { Dialect, TerminalAction } from '../../protocol/dialects/actions.js';
import { dialectFor } from '../../protocol/profiles/index.js';
import type { TerminalProfile } from '../../protocol/validator.js';
import type { CertifierTerminal } from '../certifier-terminal.js';

/** What the dialect needs of a connection: the transaction id it holds, and a way to send. */
export type Speaking = Pick<CertifierTerminal, 'transactionId' | 'send'>;

/**
 * The terminal actions in the run's dialect (protocol/dialects/, the same
 * forms the kiosk page sends), sent on a connection from the transaction id
 * it holds.
 */
export class TerminalActions<C extends Speaking = Speaking> {
  readonly dialect: Dialect;

  constructor(profile: TerminalProfile, newTransactionId: () => string, newUuid: () => string = randomUUID) {
    this.dialect = dialectFor(profile, { newTransactionId, newUuid });
  }

  /** Builds a USER_ACTION envelope (ENV-1) on the connection's current transaction unless told otherwise. */
  message(t: C, screen: string, data: Record<string, unknown> | undefined, transactionId?: string): Record<string, unknown> {
    return { ...this.dialect.message(screen, data, transactionId ?? t.transactionId ?? 'initial') };
  }

  readonly say = {
    preset: (t: C, amount: number, transactionId?: string): void => send(t, this.dialect.preset(t.transactionId, amount, transactionId)),
    other: (t: C, transactionId?: string): void => send(t, this.dialect.other(t.transactionId, transactionId)),
    keypad: (t: C, amount: number): void => send(t, this.dialect.keypad(t.transactionId, amount)),
    method: (t: C, method: string): void => send(t, this.dialect.method(t.transactionId, method)),
    cancel: (t: C, screen: 'KEYPAD' | 'PAYMENT_METHOD'): void => send(t, this.dialect.cancel(t.transactionId, screen)),
    ok: (t: C, screen: 'FAILED' | 'LIMIT_ERROR'): void => send(t, this.dialect.ok(t.transactionId, screen)),
  };
}

function send(t: Speaking, actions: readonly TerminalAction[]): void {
  for (const action of actions) t.send(action);
}
