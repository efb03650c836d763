import type { V2Problem } from './problems.js';

/** The data keys the d540407 kiosk knows (SocketMessages.kt's MessageData); others it skips (V2-ENV-3, V2-BAK-12). */
export const KIOSK_DATA_KEYS: ReadonlySet<string> = new Set([
  'amounts', 'currency', 'showOtherOption', 'methods', 'allowCancel', 'selectedAmount', 'selectionMethod', 'errorCode',
  'errorMessage', 'limit', 'remaining', 'paymentUrl', 'minTransactionLimit', 'maxTransactionLimit', 'transactionFeeType',
  'transactionFeeValue', 'yaspaEnabled', 'paymentProvider', 'requireCardReceipt', 'cardToken', 'requestType',
  'deviceIpAddress', 'deviceSerialNumber', 'paymentDetails', 'originalTransactionId', 'originalRequesterTransRefNum',
  'reversalAmount',
]);

const ENVELOPE = new Set(['messageType', 'screen', 'data', 'transactionId', 'timestamp']);

interface Envelope {
  messageType: string;
  screen: string;
  transactionId: string;
  data?: Record<string, unknown> | null;
}
interface Details {
  Result: string;
  BankResultCode: string;
  Message: string;
  RequesterTransRefNum: string;
  OriginalRequesterTransRefNum?: string;
}
interface ResultData {
  errorCode: string | null;
  errorMessage: string | null;
  paymentDetails: Details;
  originalTransactionId?: string;
}

/** The kiosk's own K8a codes and the screen each comes with (V2-KIO-10, source §3.2.2). */
const KIOSK_CODES: Readonly<Record<string, 'SUCCESS' | 'FAILED'>> = {
  LIMIT_REVERSED: 'SUCCESS',
  LIMIT_REVERSAL_FAILED: 'FAILED',
  RECOVERY_REVERSED: 'SUCCESS',
  RECOVERY_REVERSAL_FAILED: 'FAILED',
  TICKET_NOT_PRINTED_RECOVERY_REVERSED: 'SUCCESS',
  TICKET_NOT_PRINTED_RECOVERY_FAILED: 'FAILED',
  TICKET_NOT_PRINTED_RECOVERY_EXCEPTION: 'FAILED',
  REVERSAL_FAILED: 'FAILED',
};

/**
 * Warnings for a schema-valid backend message: data keys the kiosk skips (V2-BAK-12), a rejecting
 * LIMIT_CHECK_RESULT verdict other than REJECTED / LIMIT_ERROR (V2-BAK-5, V2-OPEN-3), an
 * AMOUNT_SELECT under "initial" (V2-TXN-4). None of them is a FAIL: the kiosk copes with all.
 */
export function backendWarnings(message: Envelope & Record<string, unknown>): V2Problem[] {
  const warnings: V2Problem[] = [];
  for (const key of Object.keys(message)) {
    if (!ENVELOPE.has(key)) warnings.push({ path: `/${pointer(key)}`, message: 'is not a field of the envelope (the kiosk skips it)', requirement: 'V2-BAK-12', code: 'IGNORED' });
  }
  if (message.data && typeof message.data === 'object') {
    for (const key of Object.keys(message.data)) {
      if (!KIOSK_DATA_KEYS.has(key)) warnings.push({ path: `/data/${pointer(key)}`, message: 'is not a data key the kiosk knows (it skips it)', requirement: 'V2-BAK-12', code: 'IGNORED' });
    }
  }
  if (message.messageType === 'LIMIT_CHECK_RESULT' && message.screen.toUpperCase() !== 'APPROVED' && message.screen !== 'REJECTED' && message.screen !== 'LIMIT_ERROR') {
    warnings.push({ path: '/screen', message: `rejects the card, but as ${JSON.stringify(message.screen)}: say "REJECTED" or "LIMIT_ERROR"`, requirement: 'V2-BAK-5', code: 'ACCEPTED' });
  }
  if (message.messageType === 'SCREEN_CHANGE' && message.screen === 'AMOUNT_SELECT' && message.transactionId === 'initial') {
    warnings.push({ path: '/transactionId', message: 'is "initial": the kiosk takes its payment under this id; give every AMOUNT_SELECT a fresh one', requirement: 'V2-TXN-4', code: 'ACCEPTED' });
  }
  return warnings;
}

/**
 * The cross-field rules of the kiosk's PAYMENT_RESULT and REVERSAL_RESULT that JSON Schema cannot
 * state (V2-KIO-8, V2-KIO-10, V2-KIO-11, V2-KIO-12): d540407 builds each pair from one value.
 * Takes a schema-valid kiosk message.
 */
export function kioskProblems(message: Envelope): V2Problem[] {
  const problems: V2Problem[] = [];
  const add = (path: string, text: string, requirement: string): void => {
    problems.push({ path, message: text, requirement, code: 'LOGGED' });
  };
  const data = message.data as ResultData | undefined;
  if (message.messageType === 'PAYMENT_RESULT' && data) {
    const details = data.paymentDetails;
    if (details.RequesterTransRefNum !== message.transactionId) {
      add('/data/paymentDetails/RequesterTransRefNum', `must equal the message's transactionId ${JSON.stringify(message.transactionId)}`, 'V2-KIO-8');
    }
    pairs(data, 'V2-KIO-8', add);
  }
  if (message.messageType === 'REVERSAL_RESULT' && data && 'originalTransactionId' in data) {
    pairs(data, 'V2-KIO-10', add);
    const details = data.paymentDetails;
    const code = details.Result;
    const expectedScreen = KIOSK_CODES[code];
    if (expectedScreen && message.screen !== expectedScreen) add('/screen', `must be ${JSON.stringify(expectedScreen)} with the kiosk's code ${code}`, 'V2-KIO-10');
    const t = message.transactionId;
    const ref = details.RequesterTransRefNum;
    const path = refPath(ref, t);
    if (!path) {
      add('/data/paymentDetails/RequesterTransRefNum', `must be REVERSAL_, RECOVERY_REVERSAL_ or RECOVERY_TICKET_REVERSAL_ followed by the transactionId ${JSON.stringify(t)} (or the transactionId itself when it starts with REVERSAL_)`, 'V2-KIO-11');
    } else {
      const family = code.startsWith('LIMIT_') ? 'REVERSAL_' : code.startsWith('RECOVERY_') ? 'RECOVERY_REVERSAL_' : code.startsWith('TICKET_NOT_PRINTED_') ? 'RECOVERY_TICKET_REVERSAL_' : undefined;
      if (family && path !== family) add('/data/paymentDetails/RequesterTransRefNum', `must start with ${family} for the code ${code}`, 'V2-KIO-11');
      const builderMade = path !== 'REVERSAL_' || code.startsWith('LIMIT_');
      if (builderMade && data.originalTransactionId !== t) add('/data/originalTransactionId', `must equal the transactionId ${JSON.stringify(t)} on the limit and recovery paths`, 'V2-KIO-11');
      if (builderMade) {
        const bank = message.screen === 'SUCCESS' ? '00' : '';
        if (details.BankResultCode !== bank) add('/data/paymentDetails/BankResultCode', `must be ${JSON.stringify(bank)} on ${message.screen} of the limit and recovery paths`, 'V2-KIO-12');
      }
    }
  }
  return problems;
}

/** Which K8a path a RequesterTransRefNum names for transaction id `t`, or undefined when it names none. */
function refPath(ref: string, t: string): 'REVERSAL_' | 'RECOVERY_REVERSAL_' | 'RECOVERY_TICKET_REVERSAL_' | undefined {
  if (ref === `RECOVERY_TICKET_REVERSAL_${t}`) return 'RECOVERY_TICKET_REVERSAL_';
  if (ref === `RECOVERY_REVERSAL_${t}`) return 'RECOVERY_REVERSAL_';
  // The server-request path does not prefix an id that already starts with REVERSAL_ (PaymentViewModel.kt:2262-2266).
  if (ref === `REVERSAL_${t}` || (t.startsWith('REVERSAL_') && ref === t)) return 'REVERSAL_';
  return undefined;
}

/** errorCode repeats Result and errorMessage repeats Message; each is null exactly when its twin is "". */
function pairs(data: ResultData, requirement: string, add: (path: string, text: string, requirement: string) => void): void {
  const twin = (field: 'errorCode' | 'errorMessage', key: 'Result' | 'Message'): void => {
    const value = data[field];
    const other = data.paymentDetails[key];
    const expected = other === '' ? 'null or ""' : JSON.stringify(other);
    if (value === null ? other !== '' : value !== other) add(`/data/${field}`, `must be ${expected}, as paymentDetails.${key}`, requirement);
  };
  twin('errorCode', 'Result');
  twin('errorMessage', 'Message');
}

function pointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
