import type { TerminalProfile } from '../../protocol/validator.js';

/** A USER_ACTION as the kiosk sends it (data left out where the dialect leaves it out). */
export interface TerminalAction {
  messageType: 'USER_ACTION';
  screen: string;
  data?: Record<string, unknown>;
  transactionId: string;
  timestamp: number;
}

/** The shipped client's own preset list: its selectionMethod says PRESET_BUTTON exactly for these values (DIA-2). */
export const PINTO_PRESETS: readonly number[] = [20, 40, 60, 80, 100];

/**
 * The terminal's actions in one profile, the forms conformance/context.ts `say`
 * sends: strict are the document's (section 5), pinto-android-1 the shipped
 * client's (section 10: CUSTOM, selectionMethod, CANCEL then RESET, "initial"
 * echoed). `current` is the transaction id the kiosk holds (the server's last).
 */
export class Dialect {
  constructor(
    readonly profile: TerminalProfile,
    private readonly newId: () => string,
    private readonly newUuid: () => string,
    private readonly now: () => number = Date.now,
  ) {}

  /** A preset amount button. */
  preset(current: string | undefined, amount: unknown): TerminalAction[] {
    const method = this.profile === 'pinto-android-1' && !PINTO_PRESETS.includes(amount as number) ? 'CUSTOM' : 'PRESET_BUTTON';
    return [this.message('AMOUNT_SELECT', { selectedAmount: amount, selectionMethod: method }, this.firstId(current))];
  }

  /** The "Other" button. */
  other(current: string | undefined): TerminalAction[] {
    const method = this.profile === 'pinto-android-1' ? 'CUSTOM' : 'OTHER';
    return [this.message('AMOUNT_SELECT', { selectedAmount: -1, selectionMethod: method }, this.firstId(current))];
  }

  /** The keypad's enter key with the typed amount. */
  keypad(current: string | undefined, amount: number): TerminalAction[] {
    if (this.profile === 'pinto-android-1') {
      const method = PINTO_PRESETS.includes(amount) ? 'PRESET_BUTTON' : 'CUSTOM';
      return [this.message('AMOUNT_SELECT', { selectedAmount: amount, selectionMethod: method }, current ?? 'initial')];
    }
    return [this.message('KEYPAD', { selectedAmount: amount, selectionMethod: 'KEYPAD' }, current ?? 'initial')];
  }

  /** A payment method button. */
  method(current: string | undefined, method: string): TerminalAction[] {
    const data = this.profile === 'pinto-android-1' ? { selectionMethod: method } : { selectedMethod: method };
    return [this.message('PAYMENT_METHOD', data, current ?? 'initial')];
  }

  /** Cancel: strict {action: CANCEL}; the dialect's CANCEL + RESET pair without data (DIA-4). */
  cancel(current: string | undefined, screen: 'KEYPAD' | 'PAYMENT_METHOD'): TerminalAction[] {
    if (this.profile === 'pinto-android-1') {
      return [this.message('CANCEL', undefined, current ?? 'initial'), this.message('RESET', undefined, current ?? 'initial')];
    }
    return [this.message(screen, { action: 'CANCEL' }, current ?? 'initial')];
  }

  /** OK on FAILED or LIMIT_ERROR; the dialect leaves LIMIT_ERROR with RESET and a fresh UUID (DIA-5). */
  ok(current: string | undefined, screen: 'FAILED' | 'LIMIT_ERROR'): TerminalAction[] {
    if (this.profile === 'pinto-android-1' && screen === 'LIMIT_ERROR') return [this.message('RESET', undefined, this.newUuid())];
    return [this.message(screen, { action: 'OK' }, current ?? 'initial')];
  }

  /** The envelope (ENV-1), fields in the shipped client's order; data left out when undefined (Moshi drops nulls). */
  message(screen: string, data: Record<string, unknown> | undefined, transactionId: string): TerminalAction {
    const m: Partial<TerminalAction> = { messageType: 'USER_ACTION', screen };
    if (data !== undefined) m.data = data;
    m.transactionId = transactionId;
    m.timestamp = this.now();
    return m as TerminalAction;
  }

  /** The first action of a cycle: a fresh id in the strict profile, "initial" echoed in the dialect (TXN-1, DIA-6). */
  private firstId(current: string | undefined): string {
    const id = current ?? 'initial';
    if (id !== 'initial' || this.profile === 'pinto-android-1') return id;
    return this.newId();
  }
}
