import type { V2ProblemCode } from '../../protocol/v2/problems.js';

/** A JSON object message, loose so that single fields can be broken. */
export interface WireMessage {
  [field: string]: unknown;
}

/** A valid v2 message the corpus breaks, and the side that sends it. */
export interface V2BaseMessage {
  direction: 'backend' | 'kiosk';
  message: WireMessage;
}

/** One invalid v2 message: a valid base with exactly one rule broken, and the first problem expected. */
export interface V2InvalidCase {
  /** The rule broken, in the spec's words; names the test. */
  rule: string;
  /** docs/protocol-v2.md requirement id the first problem must cite. */
  requirement: string;
  /** JSON Pointer the first problem must name. */
  path: string;
  /** What the receiver does with it. */
  code: V2ProblemCode;
  direction: 'backend' | 'kiosk';
  base: V2BaseName;
  message: WireMessage;
}

const T = 1714000000000;
const env = (messageType: string, screen: string, data: unknown, transactionId = 'T1'): WireMessage =>
  data === undefined ? { messageType, screen, transactionId, timestamp: T } : { messageType, screen, data, transactionId, timestamp: T };

/** The valid messages every invalid one is derived from (shapes from pinto-android-2.md §3.2, §3.3, §4.1, §5). */
export const v2BaseMessages = {
  amountSelect: { direction: 'backend', message: env('SCREEN_CHANGE', 'AMOUNT_SELECT', { amounts: [20, 40, 60, 80, 100], currency: '£', showOtherOption: true }, 'T') },
  paymentMethod: { direction: 'backend', message: env('SCREEN_CHANGE', 'PAYMENT_METHOD', { methods: ['DEBIT_CARD', 'PAY_BY_BANK'], currency: '£', allowCancel: true }) },
  failed: { direction: 'backend', message: env('SCREEN_CHANGE', 'FAILED', { errorMessage: 'Payment failed' }) },
  infoScreen: { direction: 'backend', message: env('SCREEN_CHANGE', 'INFO_SCREEN', { requestType: 'DEVICE_INFO' }, 'info-1') },
  error: { direction: 'backend', message: env('ERROR', 'AMOUNT_SELECT', { errorMessage: 'Service unavailable' }) },
  limitCheckResult: { direction: 'backend', message: env('LIMIT_CHECK_RESULT', 'REJECTED', { errorMessage: 'Daily spending limit exceeded' }) },
  configuration: { direction: 'backend', message: env('DEVICE_INFO', '', { minTransactionLimit: 10.0, maxTransactionLimit: 300.0, currency: 'GBP', transactionFeeType: 'FIXED', transactionFeeValue: 0.5, yaspaEnabled: true, paymentProvider: 'nnsmart', requireCardReceipt: true }, 'config-1') },
  restartApp: { direction: 'backend', message: env('RESTART_APP', '', null, 'restart-1') },
  reversalRequest: { direction: 'backend', message: env('REVERSAL_REQUEST', '', { originalTransactionId: 'T', originalRequesterTransRefNum: 'T', reversalAmount: 61 }, 'REVERSAL_T') },
  kioskAmount: { direction: 'kiosk', message: env('USER_ACTION', 'AMOUNT_SELECT', { selectedAmount: 60, selectionMethod: 'PRESET_BUTTON' }, 'T') },
  kioskMethod: { direction: 'kiosk', message: env('USER_ACTION', 'PAYMENT_METHOD', { selectionMethod: 'QR_CODE' }, 'T') },
  kioskCancel: { direction: 'kiosk', message: env('USER_ACTION', 'CANCEL', { errorMessage: 'Session timed out due to inactivity' }, 'T') },
  kioskReset: { direction: 'kiosk', message: env('USER_ACTION', 'RESET', undefined, '0b5c2f9e-6d3a-4f1b-9c8e-2a7d5e1f0c43') },
  kioskReceipt: { direction: 'kiosk', message: env('USER_ACTION', 'RECEIPT_RESPONSE', { selectionMethod: 'NO' }, 'T') },
  cardCheck: { direction: 'kiosk', message: env('CARD_CHECK_RESULT', 'PROCESSING', { cardToken: 'tok_4f2a9c', selectedAmount: 61 }, 'T') },
  paymentResult: { direction: 'kiosk', message: env('PAYMENT_RESULT', 'SUCCESS', { errorCode: 'A', errorMessage: 'APPROVED', paymentDetails: { Result: 'A', BankResultCode: '00', Message: 'APPROVED', RequesterTransRefNum: 'T1' } }) },
  limitReversal: { direction: 'kiosk', message: env('REVERSAL_RESULT', 'SUCCESS', { errorCode: 'LIMIT_REVERSED', errorMessage: 'Limit exceeded - sale reversed', paymentDetails: { Result: 'LIMIT_REVERSED', BankResultCode: '00', Message: 'Limit exceeded - sale reversed', RequesterTransRefNum: 'REVERSAL_T1', OriginalRequesterTransRefNum: '000123' }, originalTransactionId: 'T1', reversalAmount: 61 }) },
  requestedReversal: { direction: 'kiosk', message: env('REVERSAL_RESULT', 'FAILED', { errorCode: 'REVERSAL_FAILED', errorMessage: 'Reversal failed on terminal', paymentDetails: { Result: 'REVERSAL_FAILED', BankResultCode: '', Message: 'Reversal failed on terminal', RequesterTransRefNum: 'REVERSAL_T1', OriginalRequesterTransRefNum: '000123' }, originalTransactionId: 'T1', reversalAmount: 61 }, 'REVERSAL_T1') },
  noSale: { direction: 'kiosk', message: env('REVERSAL_RESULT', 'FAILED', { errorCode: 'NO_SALE_FOUND', errorMessage: 'No successful sale transaction found to reverse', paymentDetails: {} }, 'REVERSAL_T') },
  deviceIp: { direction: 'kiosk', message: env('DEVICE_INFO', 'DEVICE_IP', { deviceIpAddress: '192.168.1.20' }, 'info-1') },
  deviceSerial: { direction: 'kiosk', message: env('DEVICE_INFO', 'DEVICE_SERIAL', { deviceSerialNumber: 'unknown' }, 'info-1') },
  keepalive: { direction: 'kiosk', message: { ping: true } },
} satisfies Record<string, V2BaseMessage>;

/** Name of a base message. */
export type V2BaseName = keyof typeof v2BaseMessages;

type Expected = Omit<V2InvalidCase, 'message' | 'direction' | 'base'>;

/** A case: the base with one change. */
function breaks(base: V2BaseName, expected: Expected, change: (message: WireMessage) => void): V2InvalidCase {
  const copy = structuredClone(v2BaseMessages[base].message);
  change(copy);
  return { ...expected, base, direction: v2BaseMessages[base].direction, message: copy };
}
const data = (m: WireMessage): Record<string, unknown> => m.data as Record<string, unknown>;
const details = (m: WireMessage): Record<string, unknown> => data(m).paymentDetails as Record<string, unknown>;

/** Every invalid v2 message, each breaking one rule of docs/protocol-v2.md. */
export const v2InvalidCorpus: V2InvalidCase[] = [
  // Backend -> kiosk: the envelope (V2-ENV-1, V2-ENV-2) and data types (V2-ENV-3): the kiosk shows its device-error screen.
  breaks('amountSelect', { rule: 'backend message without messageType', requirement: 'V2-ENV-1', path: '/messageType', code: 'DEVICE_ERROR' }, (m) => { delete m.messageType; }),
  breaks('amountSelect', { rule: 'backend message without transactionId', requirement: 'V2-ENV-1', path: '/transactionId', code: 'DEVICE_ERROR' }, (m) => { delete m.transactionId; }),
  breaks('failed', { rule: 'backend message with transactionId null', requirement: 'V2-ENV-1', path: '/transactionId', code: 'DEVICE_ERROR' }, (m) => { m.transactionId = null; }),
  breaks('restartApp', { rule: 'backend message with screen null (it may be "", never null)', requirement: 'V2-ENV-1', path: '/screen', code: 'DEVICE_ERROR' }, (m) => { m.screen = null; }),
  breaks('failed', { rule: 'timestamp as a string', requirement: 'V2-ENV-2', path: '/timestamp', code: 'DEVICE_ERROR' }, (m) => { m.timestamp = String(T); }),
  breaks('failed', { rule: 'timestamp with a fraction', requirement: 'V2-ENV-2', path: '/timestamp', code: 'DEVICE_ERROR' }, (m) => { m.timestamp = T + 0.5; }),
  breaks('failed', { rule: 'data as an array', requirement: 'V2-BAK-10', path: '/data', code: 'DEVICE_ERROR' }, (m) => { m.data = []; }),
  breaks('amountSelect', { rule: 'a non-integral preset amount (60.5)', requirement: 'V2-AMT-1', path: '/data/amounts/2', code: 'DEVICE_ERROR' }, (m) => { (data(m).amounts as number[])[2] = 60.5; }),
  breaks('amountSelect', { rule: 'a preset amount beyond the 32-bit Int', requirement: 'V2-AMT-1', path: '/data/amounts/0', code: 'DEVICE_ERROR' }, (m) => { (data(m).amounts as number[])[0] = 2147483648; }),
  breaks('amountSelect', { rule: 'showOtherOption as the string "true"', requirement: 'V2-BAK-9', path: '/data/showOtherOption', code: 'DEVICE_ERROR' }, (m) => { data(m).showOtherOption = 'true'; }),
  breaks('paymentMethod', { rule: 'methods as a string', requirement: 'V2-BAK-10', path: '/data/methods', code: 'DEVICE_ERROR' }, (m) => { data(m).methods = 'DEBIT_CARD'; }),
  breaks('failed', { rule: 'errorMessage as a number', requirement: 'V2-BAK-10', path: '/data/errorMessage', code: 'DEVICE_ERROR' }, (m) => { data(m).errorMessage = 42; }),
  breaks('failed', { rule: 'a known data key of another message with the wrong type (remaining "200" on FAILED)', requirement: 'V2-ENV-3', path: '/data/remaining', code: 'DEVICE_ERROR' }, (m) => { data(m).remaining = '200'; }),
  breaks('error', { rule: 'ERROR errorCode as a number (ignored, but typed)', requirement: 'V2-BAK-2', path: '/data/errorCode', code: 'DEVICE_ERROR' }, (m) => { data(m).errorCode = 500; }),
  breaks('limitCheckResult', { rule: 'LIMIT_CHECK_RESULT errorMessage as an object', requirement: 'V2-BAK-4', path: '/data/errorMessage', code: 'DEVICE_ERROR' }, (m) => { data(m).errorMessage = { text: 'x' }; }),
  breaks('configuration', { rule: 'maxTransactionLimit as a quoted number', requirement: 'V2-BAK-6', path: '/data/maxTransactionLimit', code: 'DEVICE_ERROR' }, (m) => { data(m).maxTransactionLimit = '300'; }),
  breaks('configuration', { rule: 'yaspaEnabled as 1', requirement: 'V2-BAK-6', path: '/data/yaspaEnabled', code: 'DEVICE_ERROR' }, (m) => { data(m).yaspaEnabled = 1; }),
  breaks('reversalRequest', { rule: 'reversalAmount 61.5', requirement: 'V2-BAK-8', path: '/data/reversalAmount', code: 'DEVICE_ERROR' }, (m) => { data(m).reversalAmount = 61.5; }),
  breaks('reversalRequest', { rule: 'originalTransactionId as a number', requirement: 'V2-BAK-8', path: '/data/originalTransactionId', code: 'DEVICE_ERROR' }, (m) => { data(m).originalTransactionId = 1; }),
  breaks('infoScreen', { rule: 'requestType as a list', requirement: 'V2-BAK-10', path: '/data/requestType', code: 'DEVICE_ERROR' }, (m) => { data(m).requestType = ['DEVICE_INFO']; }),
  // Backend -> kiosk: what the kiosk parses and then ignores.
  breaks('amountSelect', { rule: 'a messageType a backend does not send (USER_ACTION)', requirement: 'V2-MSG-2', path: '/messageType', code: 'IGNORED' }, (m) => { m.messageType = 'USER_ACTION'; }),
  breaks('amountSelect', { rule: 'messageType in lower case', requirement: 'V2-MSG-2', path: '/messageType', code: 'IGNORED' }, (m) => { m.messageType = 'screen_change'; }),
  breaks('failed', { rule: 'SCREEN_CHANGE to a kiosk-only screen (RESET)', requirement: 'V2-SCR-1', path: '/screen', code: 'IGNORED' }, (m) => { m.screen = 'RESET'; }),
  breaks('failed', { rule: 'SCREEN_CHANGE to the local MOCK_PAYMENT_CARD', requirement: 'V2-SCR-1', path: '/screen', code: 'IGNORED' }, (m) => { m.screen = 'MOCK_PAYMENT_CARD'; }),
  breaks('amountSelect', { rule: 'AMOUNT_SELECT without amounts', requirement: 'V2-BAK-9', path: '/data/amounts', code: 'IGNORED' }, (m) => { delete data(m).amounts; }),
  breaks('amountSelect', { rule: 'AMOUNT_SELECT without currency', requirement: 'V2-BAK-9', path: '/data/currency', code: 'IGNORED' }, (m) => { delete data(m).currency; }),
  breaks('amountSelect', { rule: 'AMOUNT_SELECT with data null', requirement: 'V2-BAK-9', path: '/data', code: 'IGNORED' }, (m) => { m.data = null; }),
  // Kiosk -> backend: anything d540407 does not write is logged.
  breaks('kioskAmount', { rule: 'a messageType the kiosk does not send (SCREEN_CHANGE)', requirement: 'V2-MSG-3', path: '/messageType', code: 'LOGGED' }, (m) => { m.messageType = 'SCREEN_CHANGE'; }),
  breaks('kioskAmount', { rule: 'a USER_ACTION on a screen the kiosk never acts on (KEYPAD: its keypad is local)', requirement: 'V2-SCR-2', path: '/screen', code: 'LOGGED' }, (m) => { m.screen = 'KEYPAD'; }),
  breaks('kioskAmount', { rule: 'a sixth envelope field', requirement: 'V2-ENV-1', path: '/terminalId', code: 'LOGGED' }, (m) => { m.terminalId = 'kiosk-1'; }),
  breaks('kioskAmount', { rule: 'a negative kiosk timestamp', requirement: 'V2-ENV-2', path: '/timestamp', code: 'LOGGED' }, (m) => { m.timestamp = -1; }),
  breaks('kioskAmount', { rule: 'selectedAmount 0', requirement: 'V2-KIO-1', path: '/data/selectedAmount', code: 'LOGGED' }, (m) => { data(m).selectedAmount = 0; }),
  breaks('kioskAmount', { rule: 'selectionMethod OTHER (v1\'s, never sent by d540407)', requirement: 'V2-KIO-1', path: '/data/selectionMethod', code: 'LOGGED' }, (m) => { data(m).selectionMethod = 'OTHER'; }),
  breaks('kioskAmount', { rule: 'a null in a Moshi-built message', requirement: 'V2-KIO-1', path: '/data/selectionMethod', code: 'LOGGED' }, (m) => { data(m).selectionMethod = null; }),
  breaks('kioskMethod', { rule: 'PAYMENT_METHOD action for DEBIT_CARD (card methods send nothing)', requirement: 'V2-KIO-2', path: '/data/selectionMethod', code: 'LOGGED' }, (m) => { data(m).selectionMethod = 'DEBIT_CARD'; }),
  breaks('kioskMethod', { rule: 'PAYMENT_METHOD action with selectedMethod (the app document\'s name, not the code\'s)', requirement: 'V2-KIO-2', path: '/data/selectionMethod', code: 'LOGGED' }, (m) => { m.data = { selectedMethod: 'QR_CODE' }; }),
  breaks('kioskCancel', { rule: 'CANCEL with another message than the idle timeout', requirement: 'V2-KIO-3', path: '/data/errorMessage', code: 'LOGGED' }, (m) => { data(m).errorMessage = 'Cancelled'; }),
  breaks('kioskCancel', { rule: 'CANCEL without data', requirement: 'V2-ENV-1', path: '/data', code: 'LOGGED' }, (m) => { delete m.data; }),
  breaks('kioskReset', { rule: 'RESET with "data": null (the app document says so; Moshi leaves the key out)', requirement: 'V2-KIO-4', path: '/data', code: 'LOGGED' }, (m) => { m.data = null; }),
  breaks('kioskReceipt', { rule: 'RECEIPT_RESPONSE MAYBE', requirement: 'V2-KIO-5', path: '/data/selectionMethod', code: 'LOGGED' }, (m) => { data(m).selectionMethod = 'MAYBE'; }),
  breaks('cardCheck', { rule: 'CARD_CHECK_RESULT with cardToken null (the kiosk writes the text "null")', requirement: 'V2-KIO-6', path: '/data/cardToken', code: 'LOGGED' }, (m) => { data(m).cardToken = null; }),
  breaks('cardCheck', { rule: 'CARD_CHECK_RESULT amount as a string', requirement: 'V2-KIO-6', path: '/data/selectedAmount', code: 'LOGGED' }, (m) => { data(m).selectedAmount = '61'; }),
  breaks('cardCheck', { rule: 'CARD_CHECK_RESULT on another screen than PROCESSING', requirement: 'V2-SCR-2', path: '/screen', code: 'LOGGED' }, (m) => { m.screen = 'SUCCESS'; }),
  breaks('paymentResult', { rule: 'PAYMENT_RESULT with screen APPROVED', requirement: 'V2-KIO-7', path: '/screen', code: 'LOGGED' }, (m) => { m.screen = 'APPROVED'; }),
  breaks('paymentResult', { rule: 'PAYMENT_RESULT without paymentDetails.RequesterTransRefNum', requirement: 'V2-KIO-7', path: '/data/paymentDetails/RequesterTransRefNum', code: 'LOGGED' }, (m) => { delete details(m).RequesterTransRefNum; }),
  breaks('paymentResult', { rule: 'PAYMENT_RESULT with a fifth paymentDetails key', requirement: 'V2-KIO-7', path: '/data/paymentDetails/OriginalRequesterTransRefNum', code: 'LOGGED' }, (m) => { details(m).OriginalRequesterTransRefNum = 'x'; }),
  breaks('paymentResult', { rule: 'PAYMENT_RESULT BankResultCode null (always a string)', requirement: 'V2-KIO-7', path: '/data/paymentDetails/BankResultCode', code: 'LOGGED' }, (m) => { details(m).BankResultCode = null; }),
  breaks('paymentResult', { rule: 'PAYMENT_RESULT whose RequesterTransRefNum is not its transactionId', requirement: 'V2-KIO-8', path: '/data/paymentDetails/RequesterTransRefNum', code: 'LOGGED' }, (m) => { details(m).RequesterTransRefNum = 'T2'; }),
  breaks('paymentResult', { rule: 'PAYMENT_RESULT errorCode null on success (the document\'s form; the code writes the terminal\'s code)', requirement: 'V2-KIO-8', path: '/data/errorCode', code: 'LOGGED' }, (m) => { data(m).errorCode = null; }),
  breaks('paymentResult', { rule: 'PAYMENT_RESULT errorMessage other than paymentDetails.Message', requirement: 'V2-KIO-8', path: '/data/errorMessage', code: 'LOGGED' }, (m) => { data(m).errorMessage = 'Approved'; }),
  breaks('limitReversal', { rule: 'REVERSAL_RESULT without originalTransactionId', requirement: 'V2-KIO-9', path: '/data/originalTransactionId', code: 'LOGGED' }, (m) => { delete data(m).originalTransactionId; }),
  breaks('limitReversal', { rule: 'REVERSAL_RESULT reversalAmount in pence as a string', requirement: 'V2-KIO-9', path: '/data/reversalAmount', code: 'LOGGED' }, (m) => { data(m).reversalAmount = '6100'; }),
  breaks('limitReversal', { rule: 'REVERSAL_RESULT without OriginalRequesterTransRefNum', requirement: 'V2-KIO-9', path: '/data/paymentDetails/OriginalRequesterTransRefNum', code: 'LOGGED' }, (m) => { delete details(m).OriginalRequesterTransRefNum; }),
  breaks('limitReversal', { rule: 'LIMIT_REVERSED with screen FAILED', requirement: 'V2-KIO-10', path: '/screen', code: 'LOGGED' }, (m) => { m.screen = 'FAILED'; details(m).BankResultCode = ''; }),
  breaks('limitReversal', { rule: 'REVERSAL_RESULT errorCode other than paymentDetails.Result', requirement: 'V2-KIO-10', path: '/data/errorCode', code: 'LOGGED' }, (m) => { data(m).errorCode = 'A'; }),
  breaks('limitReversal', { rule: 'REVERSAL_RESULT whose RequesterTransRefNum has no path prefix', requirement: 'V2-KIO-11', path: '/data/paymentDetails/RequesterTransRefNum', code: 'LOGGED' }, (m) => { details(m).RequesterTransRefNum = 'T1'; }),
  breaks('limitReversal', { rule: 'REVERSAL_RESULT whose RequesterTransRefNum names another transaction', requirement: 'V2-KIO-11', path: '/data/paymentDetails/RequesterTransRefNum', code: 'LOGGED' }, (m) => { details(m).RequesterTransRefNum = 'REVERSAL_T2'; }),
  breaks('limitReversal', { rule: 'a LIMIT_ code on a recovery reference', requirement: 'V2-KIO-11', path: '/data/paymentDetails/RequesterTransRefNum', code: 'LOGGED' }, (m) => { details(m).RequesterTransRefNum = 'RECOVERY_REVERSAL_T1'; }),
  breaks('limitReversal', { rule: 'a limit-path result for another sale than its transactionId', requirement: 'V2-KIO-11', path: '/data/originalTransactionId', code: 'LOGGED' }, (m) => { data(m).originalTransactionId = 'T0'; }),
  breaks('limitReversal', { rule: 'a builder-made success with the terminal\'s bank code', requirement: 'V2-KIO-12', path: '/data/paymentDetails/BankResultCode', code: 'LOGGED' }, (m) => { details(m).BankResultCode = 'N/A'; }),
  breaks('requestedReversal', { rule: 'REVERSAL_FAILED with screen SUCCESS', requirement: 'V2-KIO-10', path: '/screen', code: 'LOGGED' }, (m) => { m.screen = 'SUCCESS'; }),
  breaks('noSale', { rule: 'NO_SALE_FOUND with paymentDetails filled', requirement: 'V2-KIO-13', path: '/data/paymentDetails', code: 'LOGGED' }, (m) => { data(m).paymentDetails = { Result: 'NO_SALE_FOUND' }; }),
  breaks('noSale', { rule: 'NO_SALE_FOUND with another message', requirement: 'V2-KIO-13', path: '/data/errorMessage', code: 'LOGGED' }, (m) => { data(m).errorMessage = 'No sale'; }),
  breaks('noSale', { rule: 'NO_SALE_FOUND on SUCCESS', requirement: 'V2-KIO-13', path: '/screen', code: 'LOGGED' }, (m) => { m.screen = 'SUCCESS'; }),
  breaks('noSale', { rule: 'NO_SALE_FOUND with a reversalAmount', requirement: 'V2-KIO-13', path: '/data/reversalAmount', code: 'LOGGED' }, (m) => { data(m).reversalAmount = 61; }),
  breaks('deviceIp', { rule: 'DEVICE_IP with an IPv6 address', requirement: 'V2-KIO-14', path: '/data/deviceIpAddress', code: 'LOGGED' }, (m) => { data(m).deviceIpAddress = 'fe80::1'; }),
  breaks('deviceIp', { rule: 'DEVICE_IP with an octet over 255', requirement: 'V2-KIO-14', path: '/data/deviceIpAddress', code: 'LOGGED' }, (m) => { data(m).deviceIpAddress = '192.168.1.256'; }),
  breaks('deviceSerial', { rule: 'DEVICE_SERIAL serial null', requirement: 'V2-KIO-15', path: '/data/deviceSerialNumber', code: 'LOGGED' }, (m) => { data(m).deviceSerialNumber = null; }),
  breaks('deviceSerial', { rule: 'kiosk DEVICE_INFO on another screen', requirement: 'V2-SCR-2', path: '/screen', code: 'LOGGED' }, (m) => { m.screen = 'INFO_SCREEN'; }),
  breaks('keepalive', { rule: 'keepalive {"ping":false}', requirement: 'V2-ENV-8', path: '/ping', code: 'LOGGED' }, (m) => { m.ping = false; }),
  breaks('keepalive', { rule: 'keepalive with another key', requirement: 'V2-ENV-8', path: '/pong', code: 'LOGGED' }, (m) => { m.pong = true; }),
];
