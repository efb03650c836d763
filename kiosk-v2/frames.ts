import { kt, moshiJson, quoteOnly, rawTemplate } from './json-style.js';

/**
 * Every frame the kiosk writes (pinto-android-2.md §3.2, K1-K11), each in
 * the style and with the exact template d540407 uses for it. Values go in
 * the way the app pastes them: the pretty builders escape nothing but `"`
 * in messages, the inline templates escape nothing at all (§3.1.2).
 */

/** K11: the text keepalive, no envelope (SocketManager.kt:108, §2.5). */
export const keepalive = '{"ping":true}';

/** K1-K5: a USER_ACTION through Moshi (§3.1.1). `data: null` leaves the key out (K4). */
export function userAction(
  screen: 'AMOUNT_SELECT' | 'PAYMENT_METHOD' | 'CANCEL' | 'RESET' | 'RECEIPT_RESPONSE',
  data: { selectedAmount?: number; selectionMethod?: string; errorMessage?: string | null } | null,
  transactionId: string,
  timestamp: number,
): string {
  return moshiJson({ messageType: 'USER_ACTION', screen, data, transactionId, timestamp });
}

/**
 * K6 CARD_CHECK_RESULT. The Integra template (PaymentViewModel.kt:634-645)
 * and the NNSmart one (PaymentViewModel.kt:750-761) have the same lines at
 * different columns. `cardToken` is pasted as Kotlin prints a `String?`, so
 * an Integra card without a token sends the text "null" (M5).
 */
export function cardCheckResult(path: 'integra' | 'nnsmart', cardToken: string | null, selectedAmount: number, transactionId: string, timestamp: number): string {
  return rawTemplate(path === 'integra' ? 24 : 16, [
    '{',
    '    "messageType": "CARD_CHECK_RESULT",',
    '    "screen": "PROCESSING",',
    '    "data": {',
    `        "cardToken": "${kt(cardToken)}",`,
    `        "selectedAmount": ${selectedAmount}`,
    '    },',
    `    "transactionId": "${transactionId}",`,
    `    "timestamp": ${timestamp}`,
    '}',
  ]);
}

/** What a terminal said about a sale or reversal, as the templates read it (`PlanetPaymentResult`, PlanetPaymentManager.kt:33-40). */
export interface TerminalOutcome {
  success: boolean;
  resultCode: string | null;
  bankResultCode: string | null;
  message: string | null;
}

/**
 * K7 from `buildPaymentResultJson` (PaymentViewModel.kt:786-814), the NNSmart
 * paths: `"` in the message is escaped, `errorCode` is `null` when the
 * terminal gave no code.
 */
export function paymentResultBuilt(success: boolean, transactionId: string, resultCode: string | null, message: string | null, bankResultCode: string | null, timestamp: number): string {
  const errCode = resultCode !== null ? `"${resultCode}"` : 'null';
  const errMsg = message !== null ? `"${quoteOnly(message)}"` : 'null';
  return rawTemplate(12, [
    '{',
    '    "messageType": "PAYMENT_RESULT",',
    `    "screen": "${success ? 'SUCCESS' : 'FAILED'}",`,
    '    "data": {',
    `        "errorCode": ${errCode},`,
    `        "errorMessage": ${errMsg},`,
    '        "paymentDetails": {',
    `            "Result": "${resultCode ?? ''}",`,
    `            "BankResultCode": "${bankResultCode ?? ''}",`,
    `            "Message": "${quoteOnly(message ?? '')}",`,
    `            "RequesterTransRefNum": "${transactionId}"`,
    '        }',
    '    },',
    `    "transactionId": "${transactionId}",`,
    `    "timestamp": ${timestamp}`,
    '}',
  ]);
}

/**
 * K7 written inline after an Integra or mock sale (PaymentViewModel.kt:1428-1445):
 * nothing is escaped, so a terminal message holding `"` or `\` makes a frame
 * that is not JSON (§3.1.2, §7.4.1).
 */
export function paymentResultInline(sale: TerminalOutcome, transactionId: string, timestamp: number): string {
  return rawTemplate(20, [
    '{',
    '    "messageType": "PAYMENT_RESULT",',
    `    "screen": "${sale.success ? 'SUCCESS' : 'FAILED'}",`,
    '    "data": {',
    `        "errorCode": ${sale.resultCode !== null ? `"${sale.resultCode}"` : 'null'},`,
    `        "errorMessage": ${sale.message !== null ? `"${sale.message}"` : 'null'},`,
    '        "paymentDetails": {',
    `            "Result": "${sale.resultCode ?? ''}",`,
    `            "BankResultCode": "${sale.bankResultCode ?? ''}",`,
    `            "Message": "${sale.message ?? ''}",`,
    `            "RequesterTransRefNum": "${transactionId}"`,
    '        }',
    '    },',
    `    "transactionId": "${transactionId}",`,
    `    "timestamp": ${timestamp}`,
    '}',
  ]);
}

/** The fields of a K8a from `buildReversalResultJson`. */
export interface BuiltReversal {
  success: boolean;
  transactionId: string;
  resultCode: string | null;
  message: string | null;
  requesterTransRefNum: string;
  originalRequesterTransRefNum: string;
  originalTransactionId: string;
  reversalAmount: number;
}

/**
 * K8a from `buildReversalResultJson` (PaymentViewModel.kt:819-853): the
 * NNSmart limit path and both recovery paths. `BankResultCode` is "00" on
 * success and "" on failure whatever the terminal said (:841).
 */
export function reversalResultBuilt(r: BuiltReversal, timestamp: number): string {
  const errCode = r.resultCode !== null ? `"${r.resultCode}"` : 'null';
  const errMsg = r.message !== null ? `"${quoteOnly(r.message)}"` : 'null';
  return rawTemplate(12, [
    '{',
    '    "messageType": "REVERSAL_RESULT",',
    `    "screen": "${r.success ? 'SUCCESS' : 'FAILED'}",`,
    '    "data": {',
    `        "errorCode": ${errCode},`,
    `        "errorMessage": ${errMsg},`,
    '        "paymentDetails": {',
    `            "Result": "${r.resultCode ?? ''}",`,
    `            "BankResultCode": "${r.success ? '00' : ''}",`,
    `            "Message": "${quoteOnly(r.message ?? '')}",`,
    `            "RequesterTransRefNum": "${r.requesterTransRefNum}",`,
    `            "OriginalRequesterTransRefNum": "${r.originalRequesterTransRefNum}"`,
    '        },',
    `        "originalTransactionId": "${r.originalTransactionId}",`,
    `        "reversalAmount": ${r.reversalAmount}`,
    '    },',
    `    "transactionId": "${r.transactionId}",`,
    `    "timestamp": ${timestamp}`,
    '}',
  ]);
}

/**
 * K8a answering a REVERSAL_REQUEST / REFUND_REQUEST, written inline
 * (PaymentViewModel.kt:2303-2323): nothing escaped, `BankResultCode` is the
 * terminal's.
 */
export function reversalResultInline(
  result: TerminalOutcome,
  reversalRef: string,
  originalRequesterRef: string,
  originalTransactionId: string,
  reversalAmount: number,
  transactionId: string,
  timestamp: number,
): string {
  return rawTemplate(20, [
    '{',
    '    "messageType": "REVERSAL_RESULT",',
    `    "screen": "${result.success ? 'SUCCESS' : 'FAILED'}",`,
    '    "data": {',
    `        "errorCode": ${result.resultCode !== null ? `"${result.resultCode}"` : 'null'},`,
    `        "errorMessage": ${result.message !== null ? `"${result.message}"` : 'null'},`,
    '        "paymentDetails": {',
    `            "Result": "${result.resultCode ?? ''}",`,
    `            "BankResultCode": "${result.bankResultCode ?? ''}",`,
    `            "Message": "${result.message ?? ''}",`,
    `            "RequesterTransRefNum": "${reversalRef}",`,
    `            "OriginalRequesterTransRefNum": "${originalRequesterRef}"`,
    '        },',
    `        "originalTransactionId": "${originalTransactionId}",`,
    `        "reversalAmount": ${reversalAmount}`,
    '    },',
    `    "transactionId": "${transactionId}",`,
    `    "timestamp": ${timestamp}`,
    '}',
  ]);
}

/** K8b NO_SALE_FOUND: a reversal request with no sale in memory (PaymentViewModel.kt:2200-2212). */
export function reversalNoSale(transactionId: string, timestamp: number): string {
  return rawTemplate(24, [
    '{',
    '    "messageType": "REVERSAL_RESULT",',
    '    "screen": "FAILED",',
    '    "data": {',
    '        "errorCode": "NO_SALE_FOUND",',
    '        "errorMessage": "No successful sale transaction found to reverse",',
    '        "paymentDetails": {}',
    '    },',
    `    "transactionId": "${transactionId}",`,
    `    "timestamp": ${timestamp}`,
    '}',
  ]);
}

/** K8b EXCEPTION: reversing threw (PaymentViewModel.kt:2375-2387); `exceptionMessage` is Kotlin's `e.message`, "null" when absent. */
export function reversalException(exceptionMessage: string | null, transactionId: string, timestamp: number): string {
  return rawTemplate(20, [
    '{',
    '    "messageType": "REVERSAL_RESULT",',
    '    "screen": "FAILED",',
    '    "data": {',
    '        "errorCode": "EXCEPTION",',
    `        "errorMessage": "Error processing reversal: ${kt(exceptionMessage)}",`,
    '        "paymentDetails": {}',
    '    },',
    `    "transactionId": "${transactionId}",`,
    `    "timestamp": ${timestamp}`,
    '}',
  ]);
}

/** K9 / K10: the kiosk's DEVICE_INFO answers to INFO_SCREEN (PaymentViewModel.kt:2133-2143, :2166-2176). */
export function deviceInfoAnswer(kind: 'DEVICE_IP' | 'DEVICE_SERIAL', value: string, transactionId: string, timestamp: number): string {
  const key = kind === 'DEVICE_IP' ? 'deviceIpAddress' : 'deviceSerialNumber';
  return rawTemplate(20, [
    '{',
    '    "messageType": "DEVICE_INFO",',
    `    "screen": "${kind}",`,
    '    "data": {',
    `        "${key}": "${value}"`,
    '    },',
    `    "transactionId": "${transactionId}",`,
    `    "timestamp": ${timestamp}`,
    '}',
  ]);
}
