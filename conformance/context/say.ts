import { randomUUID } from 'node:crypto';
import type { TerminalProfile } from '../../protocol/validator.js';
import type { TerminalConnection } from '../terminal-connection.js';

const PINTO_PRESETS = [20, 40, 60, 80, 100];

/** What the dialect needs of a connection: the transaction id it holds, and a way to send. */
export type Speaking = Pick<TerminalConnection, 'transactionId' | 'send'>;

/**
 * The terminal actions in the run's dialect (section 5, or section 10 for
 * pinto-android-1), sent on a connection. The first action of a cycle
 * carries a fresh id in the strict profile and echoes "initial" in the
 * dialect (TXN-1, DIA-6).
 */
export class TerminalActions<C extends Speaking = Speaking> {
  constructor(
    readonly profile: TerminalProfile,
    private readonly newTransactionId: () => string,
    private readonly newUuid: () => string = randomUUID,
  ) {}

  /** Builds a USER_ACTION envelope (ENV-1) on the connection's current transaction unless told otherwise. */
  message(t: C, screen: string, data: Record<string, unknown> | undefined, transactionId?: string): Record<string, unknown> {
    const m: Record<string, unknown> = { messageType: 'USER_ACTION', screen };
    if (data !== undefined) m.data = data;
    m.transactionId = transactionId ?? t.transactionId ?? 'initial';
    m.timestamp = Date.now();
    return m;
  }

  readonly say = {
    preset: (t: C, amount: number, transactionId?: string): void => {
      const method = this.profile === 'pinto-android-1' && !PINTO_PRESETS.includes(amount) ? 'CUSTOM' : 'PRESET_BUTTON';
      t.send(this.message(t, 'AMOUNT_SELECT', { selectedAmount: amount, selectionMethod: method }, transactionId ?? this.firstId(t)));
    },
    other: (t: C, transactionId?: string): void => {
      const method = this.profile === 'pinto-android-1' ? 'CUSTOM' : 'OTHER';
      t.send(this.message(t, 'AMOUNT_SELECT', { selectedAmount: -1, selectionMethod: method }, transactionId ?? this.firstId(t)));
    },
    keypad: (t: C, amount: number): void => {
      if (this.profile === 'pinto-android-1') {
        const method = PINTO_PRESETS.includes(amount) ? 'PRESET_BUTTON' : 'CUSTOM';
        t.send(this.message(t, 'AMOUNT_SELECT', { selectedAmount: amount, selectionMethod: method }));
      } else t.send(this.message(t, 'KEYPAD', { selectedAmount: amount, selectionMethod: 'KEYPAD' }));
    },
    method: (t: C, method: string): void => {
      const data = this.profile === 'pinto-android-1' ? { selectionMethod: method } : { selectedMethod: method };
      t.send(this.message(t, 'PAYMENT_METHOD', data));
    },
    /** Strict: {action: CANCEL}; dialect: the CANCEL + RESET pair (DIA-4). */
    cancel: (t: C, screen: 'KEYPAD' | 'PAYMENT_METHOD'): void => {
      if (this.profile === 'pinto-android-1') {
        t.send(this.message(t, 'CANCEL', undefined));
        t.send(this.message(t, 'RESET', undefined));
      } else t.send(this.message(t, screen, { action: 'CANCEL' }));
    },
    /** OK on FAILED or LIMIT_ERROR; the dialect leaves LIMIT_ERROR with RESET and a fresh UUID (DIA-5). */
    ok: (t: C, screen: 'FAILED' | 'LIMIT_ERROR'): void => {
      if (this.profile === 'pinto-android-1' && screen === 'LIMIT_ERROR') t.send(this.message(t, 'RESET', undefined, this.newUuid()));
      else t.send(this.message(t, screen, { action: 'OK' }));
    },
  };

  private firstId(t: C): string {
    const current = t.transactionId ?? 'initial';
    if (current !== 'initial' || this.profile === 'pinto-android-1') return current;
    return this.newTransactionId();
  }
}
