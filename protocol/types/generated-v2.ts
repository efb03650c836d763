/* eslint-disable */
/**
 * DO NOT EDIT: generated from schemas/v2/ by `npm run gen` (scripts/gen-types.mjs).
 * `npm run gen:check` fails when this file drifts from the schemas.
 */
/**
 * Any message's data as the kiosk parses it (MessageData): an object or null; every known key is type-checked wherever it appears and may be null; unknown keys are skipped (V2-ENV-3).
 */
export type MessageData = {
  /**
   * Preset amounts to offer (AMOUNT_SELECT): a list of 32-bit integers in whole units (V2-ENV-3, V2-AMT-1).
   */
  amounts?: number[] | null;
  /**
   * Display symbol (screens) or currency code (DEVICE_INFO configuration) (V2-AMT-3).
   */
  currency?: string | null;
  /**
   * Whether AMOUNT_SELECT shows "Other" (default true).
   */
  showOtherOption?: boolean | null;
  /**
   * Payment methods PAYMENT_METHOD offers, a list of strings.
   */
  methods?: string[] | null;
  /**
   * Read on PAYMENT_METHOD but unused: the cancel button is always shown.
   */
  allowCancel?: boolean | null;
  /**
   * An amount in whole units, a 32-bit integer (V2-AMT-1).
   */
  selectedAmount?: number | null;
  /**
   * How an amount or method was chosen (kiosk actions).
   */
  selectionMethod?: string | null;
  /**
   * An error or result code.
   */
  errorCode?: string | null;
  /**
   * A message to show or report.
   */
  errorMessage?: string | null;
  /**
   * Typed by the kiosk on LIMIT_ERROR but unused: a 32-bit integer.
   */
  limit?: number | null;
  /**
   * Typed by the kiosk on LIMIT_ERROR but unused: a 32-bit integer.
   */
  remaining?: number | null;
  /**
   * QR_CODE payment URL (stored; a placeholder image is shown).
   */
  paymentUrl?: string | null;
  /**
   * Configuration: smallest amount the kiosk accepts, a number (V2-BAK-6).
   */
  minTransactionLimit?: number | null;
  /**
   * Configuration: largest amount the kiosk accepts, a number (V2-BAK-6).
   */
  maxTransactionLimit?: number | null;
  /**
   * Configuration: FIXED or PERCENTAGE (any other adds no fee).
   */
  transactionFeeType?: string | null;
  /**
   * Configuration: the fee, a number.
   */
  transactionFeeValue?: number | null;
  /**
   * Configuration: whether the backend sends PAYMENT_METHOD (true, default) or the kiosk starts the card payment itself.
   */
  yaspaEnabled?: boolean | null;
  /**
   * Configuration: mock, nnsmart/newland, or anything else for Integra (default nnsmart).
   */
  paymentProvider?: string | null;
  /**
   * Configuration: whether RECEIPT_QUESTION is asked (true) or answered NO at once.
   */
  requireCardReceipt?: boolean | null;
  /**
   * Card token (Integra) or PAR (NNSmart) of a CARD_CHECK_RESULT.
   */
  cardToken?: string | null;
  /**
   * INFO_SCREEN request; only DEVICE_INFO gets an answer.
   */
  requestType?: string | null;
  /**
   * The kiosk's IPv4 address or "unknown".
   */
  deviceIpAddress?: string | null;
  /**
   * The kiosk's serial number, often "unknown".
   */
  deviceSerialNumber?: string | null;
  /**
   * Terminal result details: an object of strings.
   */
  paymentDetails?: {
    /**
     * One detail, a string.
     */
    [k: string]: string | undefined;
  } | null;
  /**
   * The sale a reversal concerns.
   */
  originalTransactionId?: string | null;
  /**
   * Terminal-side reference of the sale to reverse.
   */
  originalRequesterTransRefNum?: string | null;
  /**
   * Amount to reverse, a 32-bit integer in whole units (V2-AMT-1).
   */
  reversalAmount?: number | null;
} | null;

/**
 * DEVICE_INFO from the backend: the kiosk's configuration, stored when at least one trigger field is present; no answer (V2-BAK-6, V2-FLOW-20).
 */
export interface V2DeviceInfoConfiguration {
  /**
   * Always DEVICE_INFO for this message (V2-MSG-2).
   */
  messageType: 'DEVICE_INFO';
  /**
   * Any string (the app's document uses ""); the kiosk does not read it (V2-BAK-6, V2-SCR-3).
   */
  screen: string;
  /**
   * Configuration, every field optional (V2-BAK-6).
   */
  data?: ({
    /**
     * Configuration: smallest amount the kiosk accepts, a number (V2-BAK-6).
     */
    minTransactionLimit?: number | null;
    /**
     * Configuration: largest amount the kiosk accepts, a number (V2-BAK-6).
     */
    maxTransactionLimit?: number | null;
    /**
     * Configuration: the fee, a number.
     */
    transactionFeeValue?: number | null;
    /**
     * Configuration: FIXED or PERCENTAGE (any other adds no fee).
     */
    transactionFeeType?: string | null;
    /**
     * Configuration: mock, nnsmart/newland, or anything else for Integra (default nnsmart).
     */
    paymentProvider?: string | null;
    /**
     * Display symbol (screens) or currency code (DEVICE_INFO configuration) (V2-AMT-3).
     */
    currency?: string | null;
    /**
     * Configuration: whether the backend sends PAYMENT_METHOD (true, default) or the kiosk starts the card payment itself.
     */
    yaspaEnabled?: boolean | null;
    /**
     * Configuration: whether RECEIPT_QUESTION is asked (true) or answered NO at once.
     */
    requireCardReceipt?: boolean | null;
  } | null) &
    MessageData &
    ({} | null);
  /**
   * Becomes the kiosk's current id, whatever the message (V2-TXN-1).
   */
  transactionId: string;
  /**
   * When the backend sent it, epoch milliseconds (V2-ENV-2).
   */
  timestamp: number;
}
/**
 * ERROR: the kiosk shows its failure screen with errorMessage and sends ping and RESET 4 s later; every ERROR ends its flow (V2-BAK-2, V2-ERR-1).
 */
export interface V2ErrorMessage {
  /**
   * Always ERROR for this message (V2-MSG-2).
   */
  messageType: 'ERROR';
  /**
   * Any string (ignored); the kiosk does not read it (V2-BAK-2, V2-SCR-3).
   */
  screen: string;
  /**
   * Error data (V2-BAK-2).
   */
  data?: ({
    /**
     * Message to show (string or null, optional).
     */
    errorMessage?: string | null;
    /**
     * Ignored by the kiosk, typed (string or null, optional).
     */
    errorCode?: string | null;
  } | null) &
    MessageData &
    ({} | null);
  /**
   * Becomes the kiosk's current id, whatever the message (V2-TXN-1).
   */
  transactionId: string;
  /**
   * When the backend sent it, epoch milliseconds (V2-ENV-2).
   */
  timestamp: number;
}
/**
 * LIMIT_CHECK_RESULT: the answer to one CARD_CHECK_RESULT, with its transactionId, exactly once (V2-BAK-4, V2-TXN-3, V2-M-3).
 */
export interface V2LimitCheckResultMessage {
  /**
   * Always LIMIT_CHECK_RESULT for this message (V2-MSG-2).
   */
  messageType: 'LIMIT_CHECK_RESULT';
  /**
   * The verdict: "APPROVED" (any letter case) approves, any other value rejects; "REJECTED" or "LIMIT_ERROR" recommended (V2-BAK-4, V2-BAK-5).
   */
  screen: string;
  /**
   * Limit check data (V2-BAK-4).
   */
  data?: ({
    /**
     * Shown on rejection, default "Daily spending limit exceeded" (string or null, optional).
     */
    errorMessage?: string | null;
  } | null) &
    MessageData &
    ({} | null);
  /**
   * Becomes the kiosk's current id, whatever the message (V2-TXN-1).
   */
  transactionId: string;
  /**
   * When the backend sent it, epoch milliseconds (V2-ENV-2).
   */
  timestamp: number;
}
/**
 * REFUND_REQUEST: asks the kiosk to reverse its last sale; it answers REVERSAL_RESULT with this message's id (V2-BAK-8, V2-FLOW-16, V2-FLOW-17).
 */
export interface V2RefundRequestMessage {
  /**
   * Always REFUND_REQUEST for this message (V2-MSG-2).
   */
  messageType: 'REFUND_REQUEST';
  /**
   * Any string (the app's document uses ""); the kiosk does not read it (V2-BAK-8, V2-SCR-3).
   */
  screen: string;
  /**
   * Which sale to reverse, all optional: the kiosk reverses its last sale in memory (V2-BAK-8, V2-M-11).
   */
  data?: ({
    /**
     * The sale's transaction id (echoed in the answer).
     */
    originalTransactionId?: string | null;
    /**
     * The sale's terminal reference (NNSmart uses its own).
     */
    originalRequesterTransRefNum?: string | null;
    /**
     * Amount to reverse in whole units, an integer (61.5 puts the kiosk on its device-error screen) (V2-BAK-8, V2-AMT-1).
     */
    reversalAmount?: number | null;
  } | null) &
    MessageData &
    ({} | null);
  /**
   * Becomes the kiosk's current id, whatever the message (V2-TXN-1).
   */
  transactionId: string;
  /**
   * When the backend sent it, epoch milliseconds (V2-ENV-2).
   */
  timestamp: number;
}
/**
 * RESTART_APP: the kiosk kills its process 0.5 s later and answers nothing (V2-BAK-7, V2-FLOW-21).
 */
export interface V2RestartAppMessage {
  /**
   * Always RESTART_APP for this message (V2-MSG-2).
   */
  messageType: 'RESTART_APP';
  /**
   * Any string (the app's document uses ""); the kiosk does not read it (V2-BAK-7, V2-SCR-3).
   */
  screen: string;
  /**
   * Not read; may be null (V2-BAK-7).
   */
  data?: MessageData & ({} | null);
  /**
   * Becomes the kiosk's current id, whatever the message (V2-TXN-1).
   */
  transactionId: string;
  /**
   * When the backend sent it, epoch milliseconds (V2-ENV-2).
   */
  timestamp: number;
}
/**
 * REVERSAL_REQUEST: asks the kiosk to reverse its last sale; it answers REVERSAL_RESULT with this message's id (V2-BAK-8, V2-FLOW-16, V2-FLOW-17).
 */
export interface V2ReversalRequestMessage {
  /**
   * Always REVERSAL_REQUEST for this message (V2-MSG-2).
   */
  messageType: 'REVERSAL_REQUEST';
  /**
   * Any string (the app's document uses ""); the kiosk does not read it (V2-BAK-8, V2-SCR-3).
   */
  screen: string;
  /**
   * Which sale to reverse, all optional: the kiosk reverses its last sale in memory (V2-BAK-8, V2-M-11).
   */
  data?: ({
    /**
     * The sale's transaction id (echoed in the answer).
     */
    originalTransactionId?: string | null;
    /**
     * The sale's terminal reference (NNSmart uses its own).
     */
    originalRequesterTransRefNum?: string | null;
    /**
     * Amount to reverse in whole units, an integer (61.5 puts the kiosk on its device-error screen) (V2-BAK-8, V2-AMT-1).
     */
    reversalAmount?: number | null;
  } | null) &
    MessageData &
    ({} | null);
  /**
   * Becomes the kiosk's current id, whatever the message (V2-TXN-1).
   */
  transactionId: string;
  /**
   * When the backend sent it, epoch milliseconds (V2-ENV-2).
   */
  timestamp: number;
}
/**
 * STATUS_UPDATE: logged only; its content is open (V2-BAK-3, V2-OPEN-15).
 */
export interface V2StatusUpdateMessage {
  /**
   * Always STATUS_UPDATE for this message (V2-MSG-2).
   */
  messageType: 'STATUS_UPDATE';
  /**
   * Any string (any); the kiosk does not read it (V2-BAK-3, V2-SCR-3).
   */
  screen: string;
  /**
   * Not read; known keys are still typed (V2-BAK-3, V2-ENV-3).
   */
  data?: MessageData & ({} | null);
  /**
   * Becomes the kiosk's current id, whatever the message (V2-TXN-1).
   */
  transactionId: string;
  /**
   * When the backend sent it, epoch milliseconds (V2-ENV-2).
   */
  timestamp: number;
}
/**
 * SCREEN_CHANGE to AMOUNT_SELECT: the amounts to offer; both amounts and currency are needed, without them the kiosk keeps its screen (V2-BAK-9). Sent on every connection (V2-TRN-9, V2-FLOW-2).
 */
export interface V2AmountSelectScreen {
  /**
   * Always SCREEN_CHANGE for this message (V2-MSG-2).
   */
  messageType: 'SCREEN_CHANGE';
  /**
   * Always AMOUNT_SELECT: the screen to show (V2-SCR-1).
   */
  screen: 'AMOUNT_SELECT';
  /**
   * The amounts to offer: amounts and currency are both needed (V2-BAK-9).
   */
  data: {
    /**
     * Preset amounts in whole units, 32-bit integers (V2-BAK-9, V2-AMT-1).
     *
     * Items: One preset amount (V2-AMT-1).
     */
    amounts?: number[];
    /**
     * Display symbol such as "£" (V2-AMT-3).
     */
    currency?: string;
    /**
     * Whether "Other" (the local keypad) is shown; default true.
     */
    showOtherOption?: boolean | null;
  } & MessageData;
  /**
   * Becomes the kiosk's current id, whatever the message (V2-TXN-1).
   */
  transactionId: string;
  /**
   * When the backend sent it, epoch milliseconds (V2-ENV-2).
   */
  timestamp: number;
}
/**
 * SCREEN_CHANGE to COLLECT_TICKET: clears the kiosk's pending-ticket marker; no exit (V2-FLOW-13, V2-M-12).
 */
export interface V2CollectTicketScreen {
  /**
   * Always SCREEN_CHANGE for this message (V2-MSG-2).
   */
  messageType: 'SCREEN_CHANGE';
  /**
   * Always COLLECT_TICKET: the screen to show (V2-SCR-1).
   */
  screen: 'COLLECT_TICKET';
  /**
   * Not read (V2-BAK-10).
   */
  data?: MessageData & ({} | null);
  /**
   * Becomes the kiosk's current id, whatever the message (V2-TXN-1).
   */
  transactionId: string;
  /**
   * When the backend sent it, epoch milliseconds (V2-ENV-2).
   */
  timestamp: number;
}
/**
 * SCREEN_CHANGE to DEVICE_ERROR: device-error screen, no exit (V2-SCR-4).
 */
export interface V2DeviceErrorScreen {
  /**
   * Always SCREEN_CHANGE for this message (V2-MSG-2).
   */
  messageType: 'SCREEN_CHANGE';
  /**
   * Always DEVICE_ERROR: the screen to show (V2-SCR-1).
   */
  screen: 'DEVICE_ERROR';
  /**
   * Device error data (V2-BAK-10).
   */
  data?: ({
    /**
     * Message to show, default "Unknown device error" (string or null, optional).
     */
    errorMessage?: string | null;
  } | null) &
    MessageData &
    ({} | null);
  /**
   * Becomes the kiosk's current id, whatever the message (V2-TXN-1).
   */
  transactionId: string;
  /**
   * When the backend sent it, epoch milliseconds (V2-ENV-2).
   */
  timestamp: number;
}
/**
 * SCREEN_CHANGE to FAILED: the failure screen; the kiosk sends ping and RESET 4 s later (V2-SCR-7).
 */
export interface V2FailedScreen {
  /**
   * Always SCREEN_CHANGE for this message (V2-MSG-2).
   */
  messageType: 'SCREEN_CHANGE';
  /**
   * Always FAILED: the screen to show (V2-SCR-1).
   */
  screen: 'FAILED';
  /**
   * Failure data (V2-BAK-10).
   */
  data?: ({
    /**
     * Message to show (string or null, optional).
     */
    errorMessage?: string | null;
  } | null) &
    MessageData &
    ({} | null);
  /**
   * Becomes the kiosk's current id, whatever the message (V2-TXN-1).
   */
  transactionId: string;
  /**
   * When the backend sent it, epoch milliseconds (V2-ENV-2).
   */
  timestamp: number;
}
/**
 * SCREEN_CHANGE to INFO_SCREEN: not a screen; with requestType DEVICE_INFO the kiosk answers DEVICE_IP and DEVICE_SERIAL and keeps its display (V2-FLOW-19).
 */
export interface V2InfoScreen {
  /**
   * Always SCREEN_CHANGE for this message (V2-MSG-2).
   */
  messageType: 'SCREEN_CHANGE';
  /**
   * Always INFO_SCREEN: the screen to show (V2-SCR-1).
   */
  screen: 'INFO_SCREEN';
  /**
   * Information request (V2-BAK-10).
   */
  data?: ({
    /**
     * Only "DEVICE_INFO" gets an answer.
     */
    requestType?: string | null;
  } | null) &
    MessageData &
    ({} | null);
  /**
   * Becomes the kiosk's current id, whatever the message (V2-TXN-1).
   */
  transactionId: string;
  /**
   * When the backend sent it, epoch milliseconds (V2-ENV-2).
   */
  timestamp: number;
}
/**
 * SCREEN_CHANGE to KEYPAD: the kiosk shows its keypad with limits 10/300; minAmount and maxAmount are ignored (V2-BAK-10).
 */
export interface V2KeypadScreen {
  /**
   * Always SCREEN_CHANGE for this message (V2-MSG-2).
   */
  messageType: 'SCREEN_CHANGE';
  /**
   * Always KEYPAD: the screen to show (V2-SCR-1).
   */
  screen: 'KEYPAD';
  /**
   * Keypad data: only currency is read (V2-BAK-10).
   */
  data?: ({
    /**
     * Display symbol, default "£".
     */
    currency?: string | null;
  } | null) &
    MessageData &
    ({} | null);
  /**
   * Becomes the kiosk's current id, whatever the message (V2-TXN-1).
   */
  transactionId: string;
  /**
   * When the backend sent it, epoch milliseconds (V2-ENV-2).
   */
  timestamp: number;
}
/**
 * SCREEN_CHANGE to LIMIT_ERROR: sticky; the kiosk sends RESET with a fresh id 5 s later (V2-SCR-5).
 */
export interface V2LimitErrorScreen {
  /**
   * Always SCREEN_CHANGE for this message (V2-MSG-2).
   */
  messageType: 'SCREEN_CHANGE';
  /**
   * Always LIMIT_ERROR: the screen to show (V2-SCR-1).
   */
  screen: 'LIMIT_ERROR';
  /**
   * Limit error data (V2-BAK-10).
   */
  data?: ({
    /**
     * Message to show, default "Limit exceeded" (string or null, optional).
     */
    errorMessage?: string | null;
  } | null) &
    MessageData &
    ({} | null);
  /**
   * Becomes the kiosk's current id, whatever the message (V2-TXN-1).
   */
  transactionId: string;
  /**
   * When the backend sent it, epoch milliseconds (V2-ENV-2).
   */
  timestamp: number;
}
/**
 * SCREEN_CHANGE to PAYMENT_METHOD: the methods to offer with the stored amount; ignored while a local payment runs (V2-BAK-10, V2-SCR-6).
 */
export interface V2PaymentMethodScreen {
  /**
   * Always SCREEN_CHANGE for this message (V2-MSG-2).
   */
  messageType: 'SCREEN_CHANGE';
  /**
   * Always PAYMENT_METHOD: the screen to show (V2-SCR-1).
   */
  screen: 'PAYMENT_METHOD';
  /**
   * Payment method data, all optional (V2-BAK-10).
   */
  data?: ({
    /**
     * Methods to offer, default DEBIT_CARD and PAY_BY_BANK (both run the card payment locally, V2-FLOW-7).
     */
    methods?: string[] | null;
    /**
     * Display symbol, default "£".
     */
    currency?: string | null;
    /**
     * Read but unused: cancel is always shown.
     */
    allowCancel?: boolean | null;
  } | null) &
    MessageData &
    ({} | null);
  /**
   * Becomes the kiosk's current id, whatever the message (V2-TXN-1).
   */
  transactionId: string;
  /**
   * When the backend sent it, epoch milliseconds (V2-ENV-2).
   */
  timestamp: number;
}
/**
 * SCREEN_CHANGE to PRINT_TICKET: printing screen, no exit (V2-FLOW-13).
 */
export interface V2PrintTicketScreen {
  /**
   * Always SCREEN_CHANGE for this message (V2-MSG-2).
   */
  messageType: 'SCREEN_CHANGE';
  /**
   * Always PRINT_TICKET: the screen to show (V2-SCR-1).
   */
  screen: 'PRINT_TICKET';
  /**
   * Not read (V2-BAK-10).
   */
  data?: MessageData & ({} | null);
  /**
   * Becomes the kiosk's current id, whatever the message (V2-TXN-1).
   */
  transactionId: string;
  /**
   * When the backend sent it, epoch milliseconds (V2-ENV-2).
   */
  timestamp: number;
}
/**
 * SCREEN_CHANGE to PRINTER_ERROR: device-error screen, display only, no exit (V2-FLOW-15).
 */
export interface V2PrinterErrorScreen {
  /**
   * Always SCREEN_CHANGE for this message (V2-MSG-2).
   */
  messageType: 'SCREEN_CHANGE';
  /**
   * Always PRINTER_ERROR: the screen to show (V2-SCR-1).
   */
  screen: 'PRINTER_ERROR';
  /**
   * Printer error data (V2-BAK-10).
   */
  data?: ({
    /**
     * Message to show, default "Printer error occurred" (string or null, optional).
     */
    errorMessage?: string | null;
  } | null) &
    MessageData &
    ({} | null);
  /**
   * Becomes the kiosk's current id, whatever the message (V2-TXN-1).
   */
  transactionId: string;
  /**
   * When the backend sent it, epoch milliseconds (V2-ENV-2).
   */
  timestamp: number;
}
/**
 * SCREEN_CHANGE to PROCESSING: shown with no exit until the next screen (V2-SCR-4).
 */
export interface V2ProcessingScreen {
  /**
   * Always SCREEN_CHANGE for this message (V2-MSG-2).
   */
  messageType: 'SCREEN_CHANGE';
  /**
   * Always PROCESSING: the screen to show (V2-SCR-1).
   */
  screen: 'PROCESSING';
  /**
   * Not read (V2-BAK-10).
   */
  data?: MessageData & ({} | null);
  /**
   * Becomes the kiosk's current id, whatever the message (V2-TXN-1).
   */
  transactionId: string;
  /**
   * When the backend sent it, epoch milliseconds (V2-ENV-2).
   */
  timestamp: number;
}
/**
 * SCREEN_CHANGE to QR_CODE: a QR screen with a cancel button; paymentUrl is stored, a placeholder image is shown (V2-BAK-10).
 */
export interface V2QrCodeScreen {
  /**
   * Always SCREEN_CHANGE for this message (V2-MSG-2).
   */
  messageType: 'SCREEN_CHANGE';
  /**
   * Always QR_CODE: the screen to show (V2-SCR-1).
   */
  screen: 'QR_CODE';
  /**
   * QR code data (V2-BAK-10).
   */
  data?: ({
    /**
     * The payment URL (string, optional).
     */
    paymentUrl?: string | null;
  } | null) &
    MessageData &
    ({} | null);
  /**
   * Becomes the kiosk's current id, whatever the message (V2-TXN-1).
   */
  transactionId: string;
  /**
   * When the backend sent it, epoch milliseconds (V2-ENV-2).
   */
  timestamp: number;
}
/**
 * SCREEN_CHANGE to RECEIPT_QUESTION: asks YES/NO (or answers NO at once when requireCardReceipt is false) (V2-FLOW-13).
 */
export interface V2ReceiptQuestionScreen {
  /**
   * Always SCREEN_CHANGE for this message (V2-MSG-2).
   */
  messageType: 'SCREEN_CHANGE';
  /**
   * Always RECEIPT_QUESTION: the screen to show (V2-SCR-1).
   */
  screen: 'RECEIPT_QUESTION';
  /**
   * Not read (V2-BAK-10).
   */
  data?: MessageData & ({} | null);
  /**
   * Becomes the kiosk's current id, whatever the message (V2-TXN-1).
   */
  transactionId: string;
  /**
   * When the backend sent it, epoch milliseconds (V2-ENV-2).
   */
  timestamp: number;
}
/**
 * SCREEN_CHANGE to REFUND_PROCESSING: display only, no exit (V2-FLOW-15).
 */
export interface V2RefundProcessingScreen {
  /**
   * Always SCREEN_CHANGE for this message (V2-MSG-2).
   */
  messageType: 'SCREEN_CHANGE';
  /**
   * Always REFUND_PROCESSING: the screen to show (V2-SCR-1).
   */
  screen: 'REFUND_PROCESSING';
  /**
   * Refund processing data (V2-BAK-10).
   */
  data?: ({
    /**
     * Message to show (string or null, optional).
     */
    errorMessage?: string | null;
  } | null) &
    MessageData &
    ({} | null);
  /**
   * Becomes the kiosk's current id, whatever the message (V2-TXN-1).
   */
  transactionId: string;
  /**
   * When the backend sent it, epoch milliseconds (V2-ENV-2).
   */
  timestamp: number;
}
/**
 * SCREEN_CHANGE to SUCCESS: shown with no exit; showReceipt is ignored (V2-BAK-10, V2-SCR-4).
 */
export interface V2SuccessScreen {
  /**
   * Always SCREEN_CHANGE for this message (V2-MSG-2).
   */
  messageType: 'SCREEN_CHANGE';
  /**
   * Always SUCCESS: the screen to show (V2-SCR-1).
   */
  screen: 'SUCCESS';
  /**
   * Not read (V2-BAK-10).
   */
  data?: MessageData & ({} | null);
  /**
   * Becomes the kiosk's current id, whatever the message (V2-TXN-1).
   */
  transactionId: string;
  /**
   * When the backend sent it, epoch milliseconds (V2-ENV-2).
   */
  timestamp: number;
}
/**
 * SCREEN_CHANGE to THANK_YOU: clears the pending-ticket marker; no exit, the backend must send AMOUNT_SELECT (V2-FLOW-13).
 */
export interface V2ThankYouScreen {
  /**
   * Always SCREEN_CHANGE for this message (V2-MSG-2).
   */
  messageType: 'SCREEN_CHANGE';
  /**
   * Always THANK_YOU: the screen to show (V2-SCR-1).
   */
  screen: 'THANK_YOU';
  /**
   * Not read (V2-BAK-10).
   */
  data?: MessageData & ({} | null);
  /**
   * Becomes the kiosk's current id, whatever the message (V2-TXN-1).
   */
  transactionId: string;
  /**
   * When the backend sent it, epoch milliseconds (V2-ENV-2).
   */
  timestamp: number;
}
/**
 * SCREEN_CHANGE to TIMEOUT: shown until the next screen, no timer (V2-SCR-4).
 */
export interface V2TimeoutScreen {
  /**
   * Always SCREEN_CHANGE for this message (V2-MSG-2).
   */
  messageType: 'SCREEN_CHANGE';
  /**
   * Always TIMEOUT: the screen to show (V2-SCR-1).
   */
  screen: 'TIMEOUT';
  /**
   * Not read (V2-BAK-10).
   */
  data?: MessageData & ({} | null);
  /**
   * Becomes the kiosk's current id, whatever the message (V2-TXN-1).
   */
  transactionId: string;
  /**
   * When the backend sent it, epoch milliseconds (V2-ENV-2).
   */
  timestamp: number;
}
/**
 * K1 USER_ACTION AMOUNT_SELECT (Moshi, compact, no nulls): the amount including the fee and how it was chosen (V2-KIO-1).
 */
export interface V2KioskAmountSelect {
  /**
   * Always USER_ACTION for this message (V2-MSG-3).
   */
  messageType: 'USER_ACTION';
  /**
   * Always AMOUNT_SELECT for this message (V2-SCR-2).
   */
  screen: 'AMOUNT_SELECT';
  /**
   * The chosen amount (V2-KIO-1).
   */
  data: {
    /**
     * Amount including the fee, truncated: an integer above 0 (V2-KIO-1, V2-AMT-2).
     */
    selectedAmount: number;
    /**
     * PRESET_BUTTON when the amount before the fee is 20, 40, 60, 80 or 100, else CUSTOM (V2-KIO-1).
     */
    selectionMethod: 'PRESET_BUTTON' | 'CUSTOM';
  };
  /**
   * The kiosk's current id, a fresh UUID, or the id the message answers (V2-TXN-1, V2-TXN-2).
   */
  transactionId: string;
  /**
   * The kiosk's clock, epoch milliseconds, possibly skewed (V2-ENV-7).
   */
  timestamp: number;
}
/**
 * K3 USER_ACTION CANCEL (Moshi): {} for a customer cancel (a RESET with the same id follows), or the idle-timeout message (V2-KIO-3).
 */
export interface V2KioskCancel {
  /**
   * Always USER_ACTION for this message (V2-MSG-3).
   */
  messageType: 'USER_ACTION';
  /**
   * Always CANCEL for this message (V2-SCR-2).
   */
  screen: 'CANCEL';
  /**
   * {} or exactly the idle-timeout message (V2-KIO-3).
   */
  data: {
    /**
     * Only on the 30 s idle timeout on AMOUNT_SELECT (V2-KIO-3).
     */
    errorMessage?: 'Session timed out due to inactivity';
  };
  /**
   * The kiosk's current id, a fresh UUID, or the id the message answers (V2-TXN-1, V2-TXN-2).
   */
  transactionId: string;
  /**
   * The kiosk's clock, epoch milliseconds, possibly skewed (V2-ENV-7).
   */
  timestamp: number;
}
/**
 * K6 CARD_CHECK_RESULT PROCESSING (hand-written, pretty): the card token and amount for the per-card limit check; on NNSmart the money is already taken (V2-KIO-6, V2-M-1, V2-M-2).
 */
export interface V2KioskCardCheckResult {
  /**
   * Always CARD_CHECK_RESULT for this message (V2-MSG-3).
   */
  messageType: 'CARD_CHECK_RESULT';
  /**
   * Always PROCESSING for this message (V2-SCR-2).
   */
  screen: 'PROCESSING';
  /**
   * Token and amount (V2-KIO-6).
   */
  data: {
    /**
     * Card token (Integra) or PAR (NNSmart); may be the text "null" or the fixed dev PAR, neither a card (V2-KIO-6, V2-KIO-16, V2-M-5).
     */
    cardToken: string;
    /**
     * The amount charged, including the fee (V2-KIO-6, V2-AMT-2).
     */
    selectedAmount: number;
  };
  /**
   * The kiosk's current id, a fresh UUID, or the id the message answers (V2-TXN-1, V2-TXN-2).
   */
  transactionId: string;
  /**
   * The kiosk's clock, epoch milliseconds, possibly skewed (V2-ENV-7).
   */
  timestamp: number;
}
/**
 * K9 DEVICE_INFO DEVICE_IP (hand-written, pretty): the answer to INFO_SCREEN, with its id (V2-KIO-14, V2-TXN-5).
 */
export interface V2KioskDeviceIp {
  /**
   * Always DEVICE_INFO for this message (V2-MSG-3).
   */
  messageType: 'DEVICE_INFO';
  /**
   * Always DEVICE_IP for this message (V2-SCR-2).
   */
  screen: 'DEVICE_IP';
  /**
   * The address (V2-KIO-14).
   */
  data: {
    /**
     * First non-loopback IPv4 address, dotted, or "unknown" (V2-KIO-14).
     */
    deviceIpAddress: string;
  };
  /**
   * The kiosk's current id, a fresh UUID, or the id the message answers (V2-TXN-1, V2-TXN-2).
   */
  transactionId: string;
  /**
   * The kiosk's clock, epoch milliseconds, possibly skewed (V2-ENV-7).
   */
  timestamp: number;
}
/**
 * K10 DEVICE_INFO DEVICE_SERIAL (hand-written, pretty): the answer to INFO_SCREEN, with its id (V2-KIO-15, V2-TXN-5).
 */
export interface V2KioskDeviceSerial {
  /**
   * Always DEVICE_INFO for this message (V2-MSG-3).
   */
  messageType: 'DEVICE_INFO';
  /**
   * Always DEVICE_SERIAL for this message (V2-SCR-2).
   */
  screen: 'DEVICE_SERIAL';
  /**
   * The serial (V2-KIO-15).
   */
  data: {
    /**
     * The Android build serial, usually "unknown" (V2-KIO-15).
     */
    deviceSerialNumber: string;
  };
  /**
   * The kiosk's current id, a fresh UUID, or the id the message answers (V2-TXN-1, V2-TXN-2).
   */
  transactionId: string;
  /**
   * The kiosk's clock, epoch milliseconds, possibly skewed (V2-ENV-7).
   */
  timestamp: number;
}
/**
 * K11: the keepalive, exactly {"ping":true}, no envelope; the backend ignores it and answers nothing (V2-ENV-8, V2-TRN-6).
 */
export interface V2KioskKeepalive {
  /**
   * Always true (V2-ENV-8).
   */
  ping: true;
}
/**
 * K2 USER_ACTION PAYMENT_METHOD (Moshi): only for a method other than DEBIT_CARD and PAY_BY_BANK (V2-KIO-2).
 */
export interface V2KioskPaymentMethod {
  /**
   * Always USER_ACTION for this message (V2-MSG-3).
   */
  messageType: 'USER_ACTION';
  /**
   * Always PAYMENT_METHOD for this message (V2-SCR-2).
   */
  screen: 'PAYMENT_METHOD';
  /**
   * The tapped method (V2-KIO-2).
   */
  data: {
    /**
     * The tapped method; never DEBIT_CARD or PAY_BY_BANK, which send nothing (V2-KIO-2, V2-FLOW-7).
     */
    selectionMethod: string;
  };
  /**
   * The kiosk's current id, a fresh UUID, or the id the message answers (V2-TXN-1, V2-TXN-2).
   */
  transactionId: string;
  /**
   * The kiosk's clock, epoch milliseconds, possibly skewed (V2-ENV-7).
   */
  timestamp: number;
}
/**
 * K7 PAYMENT_RESULT (hand-written, pretty, explicit nulls): the sale's outcome; screen is the only authoritative outcome (V2-KIO-7, V2-KIO-8).
 */
export interface V2KioskPaymentResult {
  /**
   * Always PAYMENT_RESULT for this message (V2-MSG-3).
   */
  messageType: 'PAYMENT_RESULT';
  /**
   * SUCCESS or FAILED: the outcome (V2-KIO-7).
   */
  screen: 'SUCCESS' | 'FAILED';
  /**
   * The terminal's result (V2-KIO-7).
   */
  data: {
    /**
     * The terminal's raw result code, also on success ("A"); null when it gave none (V2-KIO-8).
     */
    errorCode: string | null;
    /**
     * The terminal's message, or null (V2-KIO-8).
     */
    errorMessage: string | null;
    /**
     * Terminal details: exactly Result, BankResultCode, Message, RequesterTransRefNum, all strings (V2-KIO-7).
     */
    paymentDetails: {
      /**
       * The terminal's result code ("" when none).
       */
      Result: string;
      /**
       * The bank's result code ("00", "" or the terminal's).
       */
      BankResultCode: string;
      /**
       * The terminal's message ("" when none).
       */
      Message: string;
      /**
       * The kiosk's reference for this operation.
       */
      RequesterTransRefNum: string;
    };
  };
  /**
   * The kiosk's current id, a fresh UUID, or the id the message answers (V2-TXN-1, V2-TXN-2).
   */
  transactionId: string;
  /**
   * The kiosk's clock, epoch milliseconds, possibly skewed (V2-ENV-7).
   */
  timestamp: number;
}
/**
 * K5 USER_ACTION RECEIPT_RESPONSE (Moshi): YES or NO, with the RECEIPT_QUESTION's id (V2-KIO-5).
 */
export interface V2KioskReceiptResponse {
  /**
   * Always USER_ACTION for this message (V2-MSG-3).
   */
  messageType: 'USER_ACTION';
  /**
   * Always RECEIPT_RESPONSE for this message (V2-SCR-2).
   */
  screen: 'RECEIPT_RESPONSE';
  /**
   * The answer (V2-KIO-5).
   */
  data: {
    /**
     * YES or NO (automatic NO when requireCardReceipt is false) (V2-KIO-5).
     */
    selectionMethod: 'YES' | 'NO';
  };
  /**
   * The kiosk's current id, a fresh UUID, or the id the message answers (V2-TXN-1, V2-TXN-2).
   */
  transactionId: string;
  /**
   * The kiosk's clock, epoch milliseconds, possibly skewed (V2-ENV-7).
   */
  timestamp: number;
}
/**
 * K4 USER_ACTION RESET (Moshi): no data key; the backend answers with AMOUNT_SELECT (V2-KIO-4, V2-FLOW-22).
 */
export interface V2KioskReset {
  /**
   * Always USER_ACTION for this message (V2-MSG-3).
   */
  messageType: 'USER_ACTION';
  /**
   * Always RESET for this message (V2-SCR-2).
   */
  screen: 'RESET';
  /**
   * The kiosk's current id, a fresh UUID, or the id the message answers (V2-TXN-1, V2-TXN-2).
   */
  transactionId: string;
  /**
   * The kiosk's clock, epoch milliseconds, possibly skewed (V2-ENV-7).
   */
  timestamp: number;
}
/**
 * K8b REVERSAL_RESULT FAILED without a reversal: no sale in memory (NO_SALE_FOUND) or an exception (EXCEPTION), with the request's id (V2-KIO-13).
 */
export interface V2KioskReversalFailure {
  /**
   * Always REVERSAL_RESULT for this message (V2-MSG-3).
   */
  messageType: 'REVERSAL_RESULT';
  /**
   * Always FAILED for this message (V2-KIO-13).
   */
  screen: 'FAILED';
  /**
   * Why nothing was reversed (V2-KIO-13).
   */
  data: {
    /**
     * NO_SALE_FOUND or EXCEPTION (V2-KIO-13).
     */
    errorCode: 'NO_SALE_FOUND' | 'EXCEPTION';
    /**
     * Fixed for NO_SALE_FOUND; "Error processing reversal: " and the exception's message for EXCEPTION (V2-KIO-13).
     */
    errorMessage: string;
    /**
     * Always {} (V2-KIO-13).
     */
    paymentDetails: {};
  };
  /**
   * The kiosk's current id, a fresh UUID, or the id the message answers (V2-TXN-1, V2-TXN-2).
   */
  transactionId: string;
  /**
   * The kiosk's clock, epoch milliseconds, possibly skewed (V2-ENV-7).
   */
  timestamp: number;
}
/**
 * K8a REVERSAL_RESULT after a reversal (hand-written, pretty, explicit nulls): limit path, recoveries, or an answer to a reversal request (V2-KIO-9 to V2-KIO-12).
 */
export interface V2KioskReversalResult {
  /**
   * Always REVERSAL_RESULT for this message (V2-MSG-3).
   */
  messageType: 'REVERSAL_RESULT';
  /**
   * SUCCESS or FAILED: the outcome (V2-KIO-9).
   */
  screen: 'SUCCESS' | 'FAILED';
  /**
   * The reversal's result (V2-KIO-9).
   */
  data: {
    /**
     * The result code, as paymentDetails.Result; null where Result is "" (V2-KIO-10).
     */
    errorCode: string | null;
    /**
     * The result message, as paymentDetails.Message; null where Message is "" (V2-KIO-10).
     */
    errorMessage: string | null;
    /**
     * Terminal details: exactly Result, BankResultCode, Message, RequesterTransRefNum, OriginalRequesterTransRefNum, all strings (V2-KIO-9).
     */
    paymentDetails: {
      /**
       * The terminal's result code ("" when none).
       */
      Result: string;
      /**
       * The bank's result code ("00", "" or the terminal's).
       */
      BankResultCode: string;
      /**
       * The terminal's message ("" when none).
       */
      Message: string;
      /**
       * The kiosk's reference for this operation.
       */
      RequesterTransRefNum: string;
      /**
       * The terminal-side id of the sale reversed.
       */
      OriginalRequesterTransRefNum: string;
    };
    /**
     * The sale reversed (V2-KIO-9).
     */
    originalTransactionId: string;
    /**
     * Amount reversed, whole units (V2-KIO-9, V2-AMT-1).
     */
    reversalAmount: number;
  };
  /**
   * The kiosk's current id, a fresh UUID, or the id the message answers (V2-TXN-1, V2-TXN-2).
   */
  transactionId: string;
  /**
   * The kiosk's clock, epoch milliseconds, possibly skewed (V2-ENV-7).
   */
  timestamp: number;
}

/** Every message form of schemas/v2/backend-message.schema.json. */
export type V2BackendMessage = V2DeviceInfoConfiguration | V2ErrorMessage | V2LimitCheckResultMessage | V2RefundRequestMessage | V2RestartAppMessage | V2ReversalRequestMessage | V2StatusUpdateMessage | V2AmountSelectScreen | V2CollectTicketScreen | V2DeviceErrorScreen | V2FailedScreen | V2InfoScreen | V2KeypadScreen | V2LimitErrorScreen | V2PaymentMethodScreen | V2PrintTicketScreen | V2PrinterErrorScreen | V2ProcessingScreen | V2QrCodeScreen | V2ReceiptQuestionScreen | V2RefundProcessingScreen | V2SuccessScreen | V2ThankYouScreen | V2TimeoutScreen;

/** Every message form of schemas/v2/kiosk-message.schema.json. */
export type V2KioskMessage = V2KioskAmountSelect | V2KioskCancel | V2KioskCardCheckResult | V2KioskDeviceIp | V2KioskDeviceSerial | V2KioskKeepalive | V2KioskPaymentMethod | V2KioskPaymentResult | V2KioskReceiptResponse | V2KioskReset | V2KioskReversalFailure | V2KioskReversalResult;
