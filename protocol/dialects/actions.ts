/**
 * What every dialect shares: the USER_ACTION envelope and the shape of a
 * dialect. Runtime-neutral (no imports): the certifier runs it in Node and the
 * kiosk page in the browser (scripts/build-kiosk.mjs bundles it).
 */

/** A USER_ACTION as a terminal sends it (data left out where the dialect leaves it out). */
export interface TerminalAction {
  messageType: 'USER_ACTION';
  screen: string;
  data?: Record<string, unknown>;
  transactionId: string;
  timestamp: number;
}

/** Where a dialect gets the ids and times it makes up: the certifier's and the kiosk's differ (node:crypto, the page's crypto). */
export interface ActionSource {
  /** A transaction id the terminal makes up for a new cycle (TXN-1). */
  newTransactionId(): string;
  /** A fresh UUID (the shipped client's RESET off LIMIT_ERROR, DIA-5). */
  newUuid(): string;
  /** The envelope's timestamp (ENV-8); default Date.now. */
  now?(): number;
}

/**
 * A terminal's actions in one profile's forms. `current` is the transaction
 * id the terminal holds (the server's last), undefined before any; an
 * explicit `transactionId` overrides the id the dialect would choose (a case
 * acting on another id on purpose). Each action is one or more messages, sent
 * in order.
 */
export interface Dialect {
  /** The profile whose forms these are. */
  readonly profile: string;
  /** A preset amount button. */
  preset(current: string | undefined, amount: unknown, transactionId?: string): TerminalAction[];
  /** The "Other" button. */
  other(current: string | undefined, transactionId?: string): TerminalAction[];
  /** The keypad's enter key with the typed amount. */
  keypad(current: string | undefined, amount: number): TerminalAction[];
  /** A payment method button. */
  method(current: string | undefined, method: string): TerminalAction[];
  /** Cancel on KEYPAD or PAYMENT_METHOD. */
  cancel(current: string | undefined, screen: 'KEYPAD' | 'PAYMENT_METHOD'): TerminalAction[];
  /** OK on FAILED or LIMIT_ERROR. */
  ok(current: string | undefined, screen: 'FAILED' | 'LIMIT_ERROR'): TerminalAction[];
  /** The envelope (ENV-1) of any action, on `transactionId`. */
  message(screen: string, data: Record<string, unknown> | undefined, transactionId: string): TerminalAction;
}

/** Makes a profile's dialect from where its ids and times come from. */
export type DialectFactory = (source: ActionSource) => Dialect;

/** The envelope (ENV-1), fields in the shipped client's order; data left out when undefined (Moshi drops nulls). */
export function userAction(screen: string, data: Record<string, unknown> | undefined, transactionId: string, now: () => number = Date.now): TerminalAction {
  const m: Partial<TerminalAction> = { messageType: 'USER_ACTION', screen };
  if (data !== undefined) m.data = data;
  m.transactionId = transactionId;
  m.timestamp = now();
  return m as TerminalAction;
}

/** The envelope builder of a dialect, stamped with its source's clock. */
export function messagesFrom(source: ActionSource): Dialect['message'] {
  const now = (): number => (source.now ? source.now() : Date.now());
  return (screen, data, transactionId) => userAction(screen, data, transactionId, now);
}

/** The transaction id a terminal holds: the server's last, or "initial" before any (FLOW-1). */
export function heldId(current: string | undefined): string {
  return current ?? 'initial';
}
