/**
 * The one error catalogue of the protocol: ERROR codes, the error codes carried
 * by FAILED and DEVICE_ERROR screens, WebSocket close codes and HTTP statuses.
 * docs/errors.md documents exactly these entries (test/protocol/error-catalogue.test.ts
 * checks both directions).
 */

/** Codes of `ERROR` messages (ERR-9). */
export const protocolErrors = {
  TIMEOUT: {
    message: 'Transaction timed out',
    meaning: 'No action for the idle timeout on KEYPAD, PAYMENT_METHOD, FAILED or LIMIT_ERROR; the transaction is abandoned and AMOUNT_SELECT follows.',
    requirement: 'FLOW-15',
  },
  INVALID_MESSAGE: {
    message: 'Invalid message',
    meaning: 'The frame is not JSON, not a JSON object, or not a valid terminal message.',
    requirement: 'ERR-2',
  },
  INVALID_AMOUNT: {
    message: 'Invalid amount',
    meaning: 'The amount was not offered, is outside the keypad bounds, or is not an integer.',
    requirement: 'FLOW-5',
  },
  INVALID_TRANSACTION: {
    message: 'Invalid transaction id',
    meaning: 'The transaction id does not match the active transaction, or reuses a finished one.',
    requirement: 'TXN-3',
  },
  UNEXPECTED_ACTION: {
    message: 'Action not allowed on this screen',
    meaning: 'The action belongs to a screen the terminal is not on, or is not allowed there (stale double tap, OTHER or CANCEL not offered, unoffered method).',
    requirement: 'ERR-6',
  },
  RATE_LIMITED: {
    message: 'Too many messages',
    meaning: 'The connection sent messages faster than the backend accepts; the message was dropped.',
    requirement: 'ERR-7',
  },
  INTERNAL_ERROR: {
    message: 'Internal error',
    meaning: 'The backend failed while handling a valid action; nothing changed.',
    requirement: 'ERR-8',
  },
} as const;

/** An `ERROR` message's `data.errorCode`. */
export type ProtocolErrorCode = keyof typeof protocolErrors;

/** The protocol error codes in catalogue order. */
export const protocolErrorCodes = Object.keys(protocolErrors) as ProtocolErrorCode[];

/**
 * ERR-10: "When several codes apply to one message (the sources define each
 * code, not an order), the server sends the first in the order
 * `INVALID_MESSAGE`, `INVALID_TRANSACTION`, `UNEXPECTED_ACTION`, `INVALID_AMOUNT`."
 * The one list: the validator ranks schema problems by it, the reference
 * server its answers.
 */
export const answerPrecedence = ['INVALID_MESSAGE', 'INVALID_TRANSACTION', 'UNEXPECTED_ACTION', 'INVALID_AMOUNT'] as const satisfies readonly ProtocolErrorCode[];

/** A code that ERR-10 ranks. */
export type RankedCode = (typeof answerPrecedence)[number];

/** Where ERR-10 puts `code`: its index in `answerPrecedence`; codes it does not rank come after all of them. */
export function answerRank(code: ProtocolErrorCode): number {
  const index = (answerPrecedence as readonly ProtocolErrorCode[]).indexOf(code);
  return index === -1 ? answerPrecedence.length : index;
}

/**
 * ERR-10's ranking, the one place answers are ranked: `items` in the order of
 * their codes (`answerPrecedence`), codes it does not rank after all of them;
 * items of one rank keep their order. The validator ranks schema problems by
 * it, the reference server the codes that apply to a message.
 */
export function byPrecedence<T>(items: readonly T[], codeOf: (item: T) => ProtocolErrorCode): T[] {
  return items
    .map((item, index) => ({ item, index, rank: answerRank(codeOf(item)) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ item }) => item);
}

/** Error codes carried by FAILED and DEVICE_ERROR screens (SCR-6, SCR-9). */
export const screenErrors = {
  CARD_DECLINED: { screen: 'FAILED', message: 'Card declined by issuer', meaning: 'The payment processor declined the payment.', requirement: 'FLOW-9' },
  PAYMENT_TIMEOUT: { screen: 'FAILED', message: 'Payment timed out', meaning: 'The payment processor did not answer within its timeout.', requirement: 'FLOW-10' },
  PAYMENT_ERROR: { screen: 'FAILED', message: 'Payment could not be processed', meaning: 'The payment processor failed for another reason; nothing was charged.', requirement: 'FLOW-8' },
  PRINTER_ERROR: { screen: 'DEVICE_ERROR', message: 'Printer out of paper', meaning: 'The ticket printer failed at PRINT_TICKET; the payment stays recorded as paid, ticket not printed.', requirement: 'FLOW-12' },
  OUT_OF_SERVICE: { screen: 'DEVICE_ERROR', message: 'Terminal out of service', meaning: 'The terminal is out of service; it shows DEVICE_ERROR from connect on.', requirement: 'FLOW-1' },
} as const;

/** A FAILED or DEVICE_ERROR screen's `data.errorCode` as the reference server uses them. */
export type ScreenErrorCode = keyof typeof screenErrors;

/** WebSocket close codes the protocol uses. */
export const closeCodes = {
  1000: { name: 'NORMAL', meaning: 'Normal closure.', requirement: 'TRN-1' },
  1001: { name: 'GOING_AWAY', meaning: 'The server is shutting down.', requirement: 'TRN-1' },
  1003: { name: 'UNSUPPORTED_DATA', meaning: 'A binary frame was received.', requirement: 'TRN-3' },
  1007: { name: 'INVALID_PAYLOAD', meaning: 'A text frame was not valid UTF-8.', requirement: 'TRN-10' },
  1008: { name: 'POLICY_VIOLATION', meaning: 'Repeated abuse: more than 20 invalid messages within a minute.', requirement: 'ERR-5' },
  1009: { name: 'MESSAGE_TOO_BIG', meaning: 'A message over 64 KiB was received.', requirement: 'TRN-4' },
  1011: { name: 'INTERNAL_ERROR', meaning: 'The server hit an unexpected condition and cannot go on with this connection.', requirement: 'ERR-8' },
  4001: { name: 'REPLACED', meaning: 'Replaced by a newer connection of the same terminal.', requirement: 'TRN-6' },
} as const;

/** A close code listed in the catalogue. */
export type CloseCode = keyof typeof closeCodes;

/** Named close codes, for code that closes sockets. */
export const CloseCode = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  UNSUPPORTED_DATA: 1003,
  INVALID_PAYLOAD: 1007,
  POLICY_VIOLATION: 1008,
  MESSAGE_TOO_BIG: 1009,
  INTERNAL_ERROR: 1011,
  REPLACED: 4001,
} as const satisfies Record<string, CloseCode>;

/** HTTP statuses answered instead of the upgrade. */
export const httpStatuses = {
  400: { name: 'BAD_REQUEST', meaning: 'Authentication is off and the URL has no usable terminalId.', requirement: 'AUTH-7' },
  401: { name: 'UNAUTHORIZED', meaning: 'Authentication is on and the token is missing or unknown.', requirement: 'AUTH-4' },
  404: { name: 'NOT_FOUND', meaning: 'No WebSocket endpoint at that path.', requirement: 'TRN-1' },
  503: { name: 'SERVICE_UNAVAILABLE', meaning: 'The server is shutting down or not ready.', requirement: 'TRN-1' },
} as const;

/** The fixed size limit of one message (TRN-4). */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/** The default user-facing message of a protocol error code. */
export function protocolErrorMessage(code: ProtocolErrorCode): string {
  return protocolErrors[code].message;
}
