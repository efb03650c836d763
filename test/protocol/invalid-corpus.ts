import type { ProtocolErrorCode } from '../../protocol/error-catalogue.js';
import type { TerminalProfile } from '../../protocol/validator.js';

/** A JSON object message, loose so that single fields can be broken. */
export interface WireMessage {
  [field: string]: unknown;
  data?: Record<string, unknown>;
}

/** A valid message the corpus breaks, with the side and profile under which it is valid. */
export interface BaseMessage {
  direction: 'server' | 'terminal';
  profile?: TerminalProfile;
  message: WireMessage;
}

/** One invalid message: a valid base with exactly one rule broken, and the first problem expected. */
export interface InvalidCase {
  /** The rule broken, in the spec's words; names the test. */
  rule: string;
  /** Requirement id the first problem must cite. */
  requirement: string;
  /** JSON Pointer the first problem must name. */
  path: string;
  /** ERROR code a server answers the message with (ERR-10). */
  code: ProtocolErrorCode;
  direction: 'server' | 'terminal';
  /** Terminal profile the message is validated under (default strict). */
  profile?: TerminalProfile;
  /** Name of the valid base message in `baseMessages` it is derived from. */
  base: BaseName;
  message: WireMessage;
}

const envelope = (messageType: string, screen: string, data: Record<string, unknown> | undefined, transactionId = 'T123456'): WireMessage => {
  const message: WireMessage = { messageType, screen, transactionId, timestamp: 1619456790000 };
  // Keep the document's field order (data before transactionId) when data is present.
  return data === undefined ? message : { messageType, screen, data, transactionId, timestamp: 1619456790000 };
};

/** The valid messages every invalid one is derived from. */
export const baseMessages = {
  amountSelect: { direction: 'server', message: envelope('SCREEN_CHANGE', 'AMOUNT_SELECT', { amounts: [20, 40, 60, 80, 100], currency: '£', showOtherOption: true }, 'initial') },
  keypad: { direction: 'server', message: envelope('SCREEN_CHANGE', 'KEYPAD', { currency: '£', minAmount: 10, maxAmount: 300 }) },
  paymentMethod: { direction: 'server', message: envelope('SCREEN_CHANGE', 'PAYMENT_METHOD', { methods: ['DEBIT_CARD', 'PAY_BY_BANK'], allowCancel: true, currency: '£' }) },
  processing: { direction: 'server', message: envelope('SCREEN_CHANGE', 'PROCESSING', { amount: 60, method: 'DEBIT_CARD' }) },
  success: { direction: 'server', message: envelope('SCREEN_CHANGE', 'SUCCESS', { showReceipt: true }) },
  failed: { direction: 'server', message: envelope('SCREEN_CHANGE', 'FAILED', { errorMessage: 'Card declined by issuer', errorCode: 'CARD_DECLINED' }) },
  limitError: { direction: 'server', message: envelope('SCREEN_CHANGE', 'LIMIT_ERROR', { limit: 300, remaining: 200, currency: '£' }) },
  printTicket: { direction: 'server', message: envelope('SCREEN_CHANGE', 'PRINT_TICKET', {}) },
  collectTicket: { direction: 'server', message: envelope('SCREEN_CHANGE', 'COLLECT_TICKET', {}) },
  thankYou: { direction: 'server', message: envelope('SCREEN_CHANGE', 'THANK_YOU', {}) },
  deviceError: { direction: 'server', message: envelope('SCREEN_CHANGE', 'DEVICE_ERROR', { errorMessage: 'Printer out of paper', errorCode: 'PRINTER_ERROR' }) },
  error: { direction: 'server', message: envelope('ERROR', 'KEYPAD', { errorMessage: 'Transaction timed out', errorCode: 'TIMEOUT' }) },
  statusUpdate: { direction: 'server', message: envelope('STATUS_UPDATE', 'PROCESSING', { status: 'AUTHORISING', message: 'Contacting your bank', progress: 50 }) },
  presetAction: { direction: 'terminal', message: envelope('USER_ACTION', 'AMOUNT_SELECT', { selectedAmount: 60, selectionMethod: 'PRESET_BUTTON' }) },
  otherAction: { direction: 'terminal', message: envelope('USER_ACTION', 'AMOUNT_SELECT', { selectedAmount: -1, selectionMethod: 'OTHER' }) },
  keypadAction: { direction: 'terminal', message: envelope('USER_ACTION', 'KEYPAD', { selectedAmount: 75, selectionMethod: 'KEYPAD' }) },
  cancelAction: { direction: 'terminal', message: envelope('USER_ACTION', 'PAYMENT_METHOD', { action: 'CANCEL' }) },
  methodAction: { direction: 'terminal', message: envelope('USER_ACTION', 'PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }) },
  okAction: { direction: 'terminal', message: envelope('USER_ACTION', 'FAILED', { action: 'OK' }) },
  dialectOther: { direction: 'terminal', profile: 'pinto-android-1', message: envelope('USER_ACTION', 'AMOUNT_SELECT', { selectedAmount: -1, selectionMethod: 'CUSTOM' }, 'initial') },
  dialectKeypadAmount: { direction: 'terminal', profile: 'pinto-android-1', message: envelope('USER_ACTION', 'AMOUNT_SELECT', { selectedAmount: 75, selectionMethod: 'CUSTOM' }) },
  dialectMethod: { direction: 'terminal', profile: 'pinto-android-1', message: envelope('USER_ACTION', 'PAYMENT_METHOD', { selectionMethod: 'DEBIT_CARD' }) },
  dialectCancel: { direction: 'terminal', profile: 'pinto-android-1', message: envelope('USER_ACTION', 'CANCEL', undefined) },
  dialectReset: { direction: 'terminal', profile: 'pinto-android-1', message: envelope('USER_ACTION', 'RESET', undefined, '3f1c7a52-9a0e-4c43-8d3b-2f8e0c6d9b11') },
} satisfies Record<string, BaseMessage>;

/** Name of a base message. */
export type BaseName = keyof typeof baseMessages;

/** A copy of a base message with one change applied. */
function derive(base: BaseName, change: (message: WireMessage) => void): WireMessage {
  const copy = structuredClone(baseMessages[base].message);
  change(copy);
  return copy;
}

type Expected = Omit<InvalidCase, 'message' | 'direction' | 'profile' | 'base'> & Partial<Pick<InvalidCase, 'direction' | 'profile'>>;

/** One case: the base's side and profile unless the case names others (a message sent by the wrong side). */
function broken(base: BaseName, expected: Expected, change: (message: WireMessage) => void): InvalidCase {
  const b: BaseMessage = baseMessages[base];
  const direction = expected.direction ?? b.direction;
  const profile = expected.profile ?? (direction === b.direction ? b.profile : undefined);
  return { ...expected, direction, ...(profile ? { profile } : {}), base, message: derive(base, change) };
}

const set = (field: string, value: unknown) => (m: WireMessage): void => { m[field] = value; };
const drop = (field: string) => (m: WireMessage): void => { delete m[field]; };
const setData = (field: string, value: unknown) => (m: WireMessage): void => { m.data![field] = value; };
const dropData = (field: string) => (m: WireMessage): void => { delete m.data![field]; };
const INVALID = 'INVALID_MESSAGE';

/** The invalid corpus: every rule of sections 3-5 and 10 that a single message can break. */
export const invalidCorpus: readonly InvalidCase[] = [
  // Envelope (ENV): the five fields.
  ...(['messageType', 'screen', 'data', 'transactionId', 'timestamp'] as const).map((field) =>
    broken('keypad', { rule: `server message without ${field}`, requirement: 'ENV-1', path: `/${field}`, code: INVALID }, drop(field))),
  ...(['messageType', 'screen', 'data', 'transactionId', 'timestamp'] as const).map((field) =>
    broken('keypadAction', { rule: `terminal action without ${field}`, requirement: 'ENV-1', path: `/${field}`, code: INVALID }, drop(field))),
  broken('thankYou', { rule: 'messageType is a number', requirement: 'ENV-14', path: '/messageType', code: INVALID }, set('messageType', 1)),
  broken('thankYou', { rule: 'messageType in the prose spelling "SCREEN CHANGE"', requirement: 'ENV-14', path: '/messageType', code: INVALID }, set('messageType', 'SCREEN CHANGE')),
  broken('thankYou', { rule: 'messageType in lower case', requirement: 'ENV-14', path: '/messageType', code: INVALID }, set('messageType', 'screen_change')),
  broken('thankYou', { rule: 'screen not one of the 11 screens', requirement: 'ENV-3', path: '/screen', code: INVALID }, set('screen', 'HOME')),
  broken('thankYou', { rule: 'screen is a number', requirement: 'ENV-3', path: '/screen', code: INVALID }, set('screen', 7)),
  broken('error', { rule: 'ERROR screen is the placeholder CURRENT_SCREEN', requirement: 'ENV-3', path: '/screen', code: INVALID }, set('screen', 'CURRENT_SCREEN')),
  // A screen's data rule (SCR-8: data is {}) is checked before the envelope's ENV-5, and says the same.
  broken('thankYou', { rule: 'data is an array', requirement: 'SCR-8', path: '/data', code: INVALID }, set('data', [])),
  broken('thankYou', { rule: 'data is null', requirement: 'SCR-8', path: '/data', code: INVALID }, set('data', null)),
  broken('keypadAction', { rule: 'terminal data is a string', requirement: 'ACT-3', path: '/data', code: INVALID }, set('data', 'KEYPAD')),
  broken('success', { rule: 'transactionId is a number', requirement: 'ENV-6', path: '/transactionId', code: INVALID }, set('transactionId', 123456)),
  broken('success', { rule: 'transactionId is empty', requirement: 'ENV-6', path: '/transactionId', code: INVALID }, set('transactionId', '')),
  broken('success', { rule: 'transactionId has a space', requirement: 'ENV-6', path: '/transactionId', code: INVALID }, set('transactionId', 'T 123456')),
  broken('success', { rule: 'transactionId has a character outside [A-Za-z0-9._:-]', requirement: 'ENV-6', path: '/transactionId', code: INVALID }, set('transactionId', 'T#123456')),
  broken('success', { rule: 'transactionId has a non-ASCII letter', requirement: 'ENV-6', path: '/transactionId', code: INVALID }, set('transactionId', 'Tä123456')),
  broken('success', { rule: 'transactionId of 65 characters', requirement: 'ENV-6', path: '/transactionId', code: INVALID }, set('transactionId', 'T'.repeat(65))),
  broken('methodAction', { rule: 'terminal transactionId of 65 characters', requirement: 'ENV-6', path: '/transactionId', code: INVALID }, set('transactionId', 'a'.repeat(65))),
  broken('success', { rule: 'timestamp is a float', requirement: 'ENV-8', path: '/timestamp', code: INVALID }, set('timestamp', 1619456790000.5)),
  broken('success', { rule: 'timestamp is negative', requirement: 'ENV-8', path: '/timestamp', code: INVALID }, set('timestamp', -1)),
  broken('success', { rule: 'timestamp is a string', requirement: 'ENV-8', path: '/timestamp', code: INVALID }, set('timestamp', '1619456790000')),
  broken('success', { rule: 'server timestamp in whole seconds', requirement: 'ENV-8', path: '/timestamp', code: INVALID }, set('timestamp', 1619456790)),
  broken('keypadAction', { rule: 'terminal timestamp in whole seconds', requirement: 'ENV-8', path: '/timestamp', code: INVALID }, set('timestamp', 1619456790)),
  broken('success', { rule: 'timestamp one below 10^12', requirement: 'ENV-8', path: '/timestamp', code: INVALID }, set('timestamp', 999_999_999_999)),
  broken('okAction', { rule: 'terminal timestamp in seconds as a float', requirement: 'ENV-8', path: '/timestamp', code: INVALID }, set('timestamp', 1619456790.123)),

  // Direction (ENV-14).
  broken('presetAction', { rule: 'server sends a USER_ACTION', direction: 'server', requirement: 'ENV-14', path: '/messageType', code: INVALID }, () => undefined),
  broken('amountSelect', { rule: 'terminal sends a SCREEN_CHANGE', direction: 'terminal', requirement: 'ENV-14', path: '/messageType', code: INVALID }, () => undefined),
  broken('presetAction', { rule: 'terminal sends an ERROR', requirement: 'ENV-14', path: '/messageType', code: INVALID }, set('messageType', 'ERROR')),

  // AMOUNT_SELECT (SCR-1, ENV-11, ENV-15).
  broken('amountSelect', { rule: 'AMOUNT_SELECT amount is a float', requirement: 'ENV-11', path: '/data/amounts/1', code: INVALID }, (m) => { (m.data!.amounts as number[])[1] = 40.5; }),
  broken('amountSelect', { rule: 'AMOUNT_SELECT amount is a string', requirement: 'ENV-11', path: '/data/amounts/0', code: INVALID }, setData('amounts', ['20', 40, 60])),
  // One shared amount schema carries both ENV-11 (Int amounts) and ENV-15 (the Int range); it cites ENV-11.
  broken('amountSelect', { rule: 'AMOUNT_SELECT amount over 2^31-1', requirement: 'ENV-11', path: '/data/amounts/4', code: INVALID }, (m) => { (m.data!.amounts as number[])[4] = 2147483648; }),
  broken('amountSelect', { rule: 'AMOUNT_SELECT amounts repeat a value', requirement: 'SCR-1', path: '/data/amounts', code: INVALID }, setData('amounts', [20, 40, 20])),
  broken('amountSelect', { rule: 'AMOUNT_SELECT has 13 amounts', requirement: 'SCR-1', path: '/data/amounts', code: INVALID }, setData('amounts', Array.from({ length: 13 }, (_, i) => (i + 1) * 10))),
  broken('amountSelect', { rule: 'AMOUNT_SELECT has no amounts', requirement: 'SCR-1', path: '/data/amounts', code: INVALID }, setData('amounts', [])),
  broken('amountSelect', { rule: 'AMOUNT_SELECT amounts is not a list', requirement: 'SCR-1', path: '/data/amounts', code: INVALID }, setData('amounts', 20)),
  broken('amountSelect', { rule: 'AMOUNT_SELECT without currency', requirement: 'SCR-1', path: '/data/currency', code: INVALID }, dropData('currency')),
  broken('amountSelect', { rule: 'currency is empty', requirement: 'ENV-12', path: '/data/currency', code: INVALID }, setData('currency', '')),
  broken('amountSelect', { rule: 'AMOUNT_SELECT showOtherOption is a string', requirement: 'SCR-1', path: '/data/showOtherOption', code: INVALID }, setData('showOtherOption', 'true')),

  // KEYPAD (SCR-2).
  broken('keypad', { rule: 'KEYPAD minAmount is a float', requirement: 'ENV-11', path: '/data/minAmount', code: INVALID }, setData('minAmount', 10.5)),
  broken('keypad', { rule: 'KEYPAD without maxAmount', requirement: 'SCR-2', path: '/data/maxAmount', code: INVALID }, dropData('maxAmount')),
  broken('keypad', { rule: 'KEYPAD minAmount > maxAmount', requirement: 'SCR-2', path: '/data/minAmount', code: INVALID }, setData('minAmount', 301)),

  // PAYMENT_METHOD (SCR-3).
  broken('paymentMethod', { rule: 'PAYMENT_METHOD has no methods', requirement: 'SCR-3', path: '/data/methods', code: INVALID }, setData('methods', [])),
  broken('paymentMethod', { rule: 'PAYMENT_METHOD offers an unknown method', requirement: 'SCR-3', path: '/data/methods/1', code: INVALID }, setData('methods', ['DEBIT_CARD', 'CASH'])),
  broken('paymentMethod', { rule: 'PAYMENT_METHOD repeats a method', requirement: 'SCR-3', path: '/data/methods', code: INVALID }, setData('methods', ['DEBIT_CARD', 'DEBIT_CARD'])),
  broken('paymentMethod', { rule: 'PAYMENT_METHOD without allowCancel', requirement: 'SCR-3', path: '/data/allowCancel', code: INVALID }, dropData('allowCancel')),

  // PROCESSING (SCR-4).
  broken('processing', { rule: 'PROCESSING amount is a float', requirement: 'ENV-11', path: '/data/amount', code: INVALID }, setData('amount', 60.5)),
  broken('processing', { rule: 'PROCESSING method is unknown', requirement: 'SCR-3', path: '/data/method', code: INVALID }, setData('method', 'CASH')),

  // SUCCESS (SCR-5).
  broken('success', { rule: 'SUCCESS without showReceipt', requirement: 'SCR-5', path: '/data/showReceipt', code: INVALID }, dropData('showReceipt')),
  broken('success', { rule: 'SUCCESS showReceipt is a string', requirement: 'SCR-5', path: '/data/showReceipt', code: INVALID }, setData('showReceipt', 'yes')),

  // FAILED (SCR-6).
  broken('failed', { rule: 'FAILED errorCode in lower case', requirement: 'SCR-6', path: '/data/errorCode', code: INVALID }, setData('errorCode', 'card_declined')),
  broken('failed', { rule: 'FAILED without errorMessage', requirement: 'SCR-6', path: '/data/errorMessage', code: INVALID }, dropData('errorMessage')),
  broken('failed', { rule: 'FAILED errorMessage is a number', requirement: 'SCR-6', path: '/data/errorMessage', code: INVALID }, setData('errorMessage', 402)),

  // LIMIT_ERROR (SCR-7).
  broken('limitError', { rule: 'LIMIT_ERROR remaining is a string', requirement: 'SCR-7', path: '/data/remaining', code: INVALID }, setData('remaining', '200')),
  broken('limitError', { rule: 'LIMIT_ERROR remaining > limit', requirement: 'SCR-7', path: '/data/remaining', code: INVALID }, setData('remaining', 301)),
  broken('limitError', { rule: 'LIMIT_ERROR remaining is negative', requirement: 'SCR-7', path: '/data/remaining', code: INVALID }, setData('remaining', -1)),
  broken('limitError', { rule: 'LIMIT_ERROR limit is a float', requirement: 'SCR-7', path: '/data/limit', code: INVALID }, setData('limit', 300.5)),
  broken('limitError', { rule: 'LIMIT_ERROR without currency', requirement: 'SCR-7', path: '/data/currency', code: INVALID }, dropData('currency')),

  // PRINT_TICKET, COLLECT_TICKET, THANK_YOU (SCR-8).
  broken('printTicket', { rule: 'PRINT_TICKET data is a string', requirement: 'SCR-8', path: '/data', code: INVALID }, set('data', '')),
  broken('collectTicket', { rule: 'COLLECT_TICKET without data', requirement: 'ENV-1', path: '/data', code: INVALID }, drop('data')),

  // DEVICE_ERROR (SCR-9).
  broken('deviceError', { rule: 'DEVICE_ERROR without errorMessage', requirement: 'SCR-9', path: '/data/errorMessage', code: INVALID }, dropData('errorMessage')),
  broken('deviceError', { rule: 'DEVICE_ERROR errorMessage is a number', requirement: 'SCR-9', path: '/data/errorMessage', code: INVALID }, setData('errorMessage', false)),
  broken('deviceError', { rule: 'DEVICE_ERROR errorCode in lower case', requirement: 'SCR-9', path: '/data/errorCode', code: INVALID }, setData('errorCode', 'printer_error')),

  // STATUS_UPDATE (SCR-10).
  broken('statusUpdate', { rule: 'STATUS_UPDATE progress 101', requirement: 'SCR-10', path: '/data/progress', code: INVALID }, setData('progress', 101)),
  broken('statusUpdate', { rule: 'STATUS_UPDATE progress is a float', requirement: 'SCR-10', path: '/data/progress', code: INVALID }, setData('progress', 50.5)),
  broken('statusUpdate', { rule: 'STATUS_UPDATE without status', requirement: 'SCR-10', path: '/data/status', code: INVALID }, dropData('status')),
  broken('statusUpdate', { rule: 'STATUS_UPDATE message is a number', requirement: 'SCR-10', path: '/data/message', code: INVALID }, setData('message', 5)),

  // ERROR (SCR-12, ERR-9).
  broken('error', { rule: 'ERROR with an unknown errorCode', requirement: 'ERR-9', path: '/data/errorCode', code: INVALID }, setData('errorCode', 'CARD_DECLINED')),
  broken('error', { rule: 'ERROR errorCode in lower case', requirement: 'ERR-9', path: '/data/errorCode', code: INVALID }, setData('errorCode', 'timeout')),
  broken('error', { rule: 'ERROR without errorCode', requirement: 'SCR-12', path: '/data/errorCode', code: INVALID }, dropData('errorCode')),
  broken('error', { rule: 'ERROR errorMessage is a number', requirement: 'SCR-12', path: '/data/errorMessage', code: INVALID }, setData('errorMessage', 408)),
  broken('error', { rule: 'ERROR without errorMessage', requirement: 'SCR-12', path: '/data/errorMessage', code: INVALID }, dropData('errorMessage')),

  // Terminal actions, strict (ACT, FLOW-5, FLOW-21).
  broken('okAction', { rule: 'action on PROCESSING', requirement: 'FLOW-21', path: '/screen', code: 'UNEXPECTED_ACTION' }, set('screen', 'PROCESSING')),
  broken('okAction', { rule: 'action on THANK_YOU', requirement: 'FLOW-21', path: '/screen', code: 'UNEXPECTED_ACTION' }, set('screen', 'THANK_YOU')),
  broken('okAction', { rule: 'action on DEVICE_ERROR', requirement: 'FLOW-21', path: '/screen', code: 'UNEXPECTED_ACTION' }, set('screen', 'DEVICE_ERROR')),
  broken('presetAction', { rule: 'preset amount with a wrong selectionMethod', requirement: 'ACT-1', path: '/data/selectionMethod', code: INVALID }, setData('selectionMethod', 'BUTTON')),
  broken('presetAction', { rule: 'preset amount is a float', requirement: 'FLOW-5', path: '/data/selectedAmount', code: 'INVALID_AMOUNT' }, setData('selectedAmount', 60.5)),
  broken('presetAction', { rule: 'preset amount over 2^31-1', requirement: 'FLOW-5', path: '/data/selectedAmount', code: 'INVALID_AMOUNT' }, setData('selectedAmount', 2147483648)),
  broken('otherAction', { rule: 'OTHER with amount 5', requirement: 'ACT-2', path: '/data/selectedAmount', code: INVALID }, setData('selectedAmount', 5)),
  broken('keypadAction', { rule: 'keypad amount is a string', requirement: 'FLOW-5', path: '/data/selectedAmount', code: 'INVALID_AMOUNT' }, setData('selectedAmount', '75')),
  broken('keypadAction', { rule: 'keypad amount is zero', requirement: 'FLOW-5', path: '/data/selectedAmount', code: 'INVALID_AMOUNT' }, setData('selectedAmount', 0)),
  broken('keypadAction', { rule: 'keypad amount with selectionMethod PRESET_BUTTON', requirement: 'ACT-3', path: '/data/selectionMethod', code: INVALID }, setData('selectionMethod', 'PRESET_BUTTON')),
  broken('cancelAction', { rule: 'cancel with an unknown action', requirement: 'ACT-4', path: '/data/action', code: INVALID }, setData('action', 'STOP')),
  broken('methodAction', { rule: 'payment method action with an unknown method', requirement: 'SCR-3', path: '/data/selectedMethod', code: INVALID }, setData('selectedMethod', 'CASH')),
  broken('okAction', { rule: 'OK in lower case', requirement: 'ACT-6', path: '/data/action', code: INVALID }, setData('action', 'ok')),

  // The shipped client's forms are not strict forms (section 10 vs 5).
  broken('dialectOther', { rule: 'strict: OTHER sent as CUSTOM', requirement: 'ACT-1', path: '/data/selectionMethod', code: INVALID, profile: 'strict' }, () => undefined),
  broken('dialectKeypadAmount', { rule: 'strict: keypad amount sent as AMOUNT_SELECT CUSTOM', requirement: 'ACT-1', path: '/data/selectionMethod', code: INVALID, profile: 'strict' }, () => undefined),
  broken('dialectMethod', { rule: 'strict: payment method sent in selectionMethod', requirement: 'ACT-5', path: '/data/selectedMethod', code: INVALID, profile: 'strict' }, () => undefined),
  broken('dialectReset', { rule: 'strict: screen RESET without data', requirement: 'ENV-1', path: '/data', code: INVALID, profile: 'strict' }, () => undefined),
  broken('dialectReset', { rule: 'strict: screen RESET (with data)', requirement: 'ENV-3', path: '/screen', code: INVALID, profile: 'strict' }, set('data', {})),
  broken('dialectCancel', { rule: 'strict: screen CANCEL (with data)', requirement: 'ENV-3', path: '/screen', code: INVALID, profile: 'strict' }, set('data', {})),

  // The shipped client's dialect still has rules (section 10).
  broken('dialectMethod', { rule: 'pinto-android-1: data missing on a non-RESET action', requirement: 'ENV-1', path: '/data', code: INVALID }, drop('data')),
  broken('dialectKeypadAmount', { rule: 'pinto-android-1: CUSTOM amount is zero', requirement: 'DIA-2', path: '/data/selectedAmount', code: 'INVALID_AMOUNT' }, setData('selectedAmount', 0)),
  broken('dialectKeypadAmount', { rule: 'pinto-android-1: CUSTOM amount is a string', requirement: 'DIA-2', path: '/data/selectedAmount', code: 'INVALID_AMOUNT' }, setData('selectedAmount', '75')),
  broken('dialectMethod', { rule: 'pinto-android-1: unknown method in selectionMethod', requirement: 'SCR-3', path: '/data/selectionMethod', code: INVALID }, setData('selectionMethod', 'CASH')),
  broken('dialectMethod', { rule: 'pinto-android-1: unknown pseudo-screen', requirement: 'ENV-3', path: '/screen', code: INVALID }, set('screen', 'BACK')),
  broken('dialectReset', { rule: 'pinto-android-1: RESET with a 65-character transactionId', requirement: 'ENV-6', path: '/transactionId', code: INVALID }, set('transactionId', 'f'.repeat(65))),
  broken('dialectOther', { rule: 'pinto-android-1: action on PROCESSING', requirement: 'FLOW-21', path: '/screen', code: 'UNEXPECTED_ACTION' }, set('screen', 'PROCESSING')),
  broken('dialectOther', { rule: 'pinto-android-1: SCREEN_CHANGE from the terminal', requirement: 'ENV-14', path: '/messageType', code: INVALID }, set('messageType', 'SCREEN_CHANGE')),
];
