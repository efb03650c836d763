import { isIdentifier } from '../protocol/identifier.js';
import type { PintoAndroid1TerminalMessage } from '../protocol/types/generated.js';

/** What a terminal asks for, whichever of the strict or dialect forms it used (sections 5 and 10). */
export type Intent =
  | { kind: 'amount'; amount: number; via: 'PRESET_BUTTON' | 'CUSTOM' }
  | { kind: 'other' }
  | { kind: 'keypad'; amount: number }
  | { kind: 'cancel'; dialect: boolean }
  | { kind: 'method'; method: string }
  | { kind: 'ok' }
  | { kind: 'reset' };

/** Reads the intent of a schema-valid terminal message (profile pinto-android-1). */
export function intentOf(message: PintoAndroid1TerminalMessage): Intent {
  // The union's members all have an object `data` or none; read it loosely, the schema already checked it.
  const data = ((message as { data?: unknown }).data ?? {}) as Record<string, unknown>;
  switch (message.screen) {
    case 'CANCEL':
      return { kind: 'cancel', dialect: true };
    case 'RESET':
      return { kind: 'reset' };
    case 'AMOUNT_SELECT': {
      const amount = data.selectedAmount as number;
      if (amount === -1) return { kind: 'other' };
      return { kind: 'amount', amount, via: data.selectionMethod === 'CUSTOM' ? 'CUSTOM' : 'PRESET_BUTTON' };
    }
    case 'KEYPAD':
      return data.action === 'CANCEL' ? { kind: 'cancel', dialect: false } : { kind: 'keypad', amount: data.selectedAmount as number };
    case 'PAYMENT_METHOD':
      if (data.action === 'CANCEL') return { kind: 'cancel', dialect: false };
      return { kind: 'method', method: (data.selectedMethod ?? data.selectionMethod) as string };
    default:
      return { kind: 'ok' };
  }
}

/** What a terminal message names, read once, even from a frame that fails the schema. */
export interface Named {
  /** Its transaction id, when it is a well-formed one (ENV-7). */
  transactionId: string | undefined;
  /** Its screen field, whatever it holds. */
  screen: unknown;
}

/** What a parsed frame (valid or not; undefined when it was not JSON) names. */
export function namedIn(parsed: unknown): Named {
  const fields = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  return { transactionId: isIdentifier(fields.transactionId) ? fields.transactionId : undefined, screen: fields.screen };
}
