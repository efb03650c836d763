/* eslint-disable */
/**
 * DO NOT EDIT: generated from schemas/ by `npm run gen` (scripts/gen-types.mjs).
 * `npm run gen:check` fails when this file drifts from the schemas.
 */
/**
 * USER_ACTION on AMOUNT_SELECT: the user pressed "Other" (ACT-2, FLOW-3).
 */
export interface OtherAmountAction {
  /**
   * Always USER_ACTION: terminals send nothing else (ENV-2, ENV-14).
   */
  messageType: 'USER_ACTION';
  /**
   * The screen the user acted on: AMOUNT_SELECT (ACT-7).
   */
  screen: 'AMOUNT_SELECT';
  /**
   * The "Other" marker.
   */
  data: {
    /**
     * Always -1 for "Other" (ACT-2).
     */
    selectedAmount: -1;
    /**
     * Always OTHER (ACT-2).
     */
    selectionMethod: 'OTHER';
  };
  /**
   * The transaction this message belongs to (TXN-2); "initial" when there is none (ENV-7).
   */
  transactionId: string;
  /**
   * When the sender sent it, in epoch milliseconds (ENV-8).
   */
  timestamp: number;
}
/**
 * USER_ACTION on AMOUNT_SELECT: the user picked an offered amount (ACT-1, FLOW-2).
 */
export interface PresetAmountAction {
  /**
   * Always USER_ACTION: terminals send nothing else (ENV-2, ENV-14).
   */
  messageType: 'USER_ACTION';
  /**
   * The screen the user acted on: AMOUNT_SELECT (ACT-7).
   */
  screen: 'AMOUNT_SELECT';
  /**
   * The amount picked.
   */
  data: {
    /**
     * Always PRESET_BUTTON (ACT-1).
     */
    selectionMethod: 'PRESET_BUTTON';
    /**
     * The offered amount picked (ACT-1).
     */
    selectedAmount: number;
  };
  /**
   * The transaction this message belongs to (TXN-2); "initial" when there is none (ENV-7).
   */
  transactionId: string;
  /**
   * When the sender sent it, in epoch milliseconds (ENV-8).
   */
  timestamp: number;
}
/**
 * USER_ACTION on KEYPAD or PAYMENT_METHOD: the user cancelled (ACT-4, FLOW-13).
 */
export interface CancelAction {
  /**
   * Always USER_ACTION: terminals send nothing else (ENV-2, ENV-14).
   */
  messageType: 'USER_ACTION';
  /**
   * The screen the user acted on: KEYPAD or PAYMENT_METHOD (ACT-7).
   */
  screen: 'KEYPAD' | 'PAYMENT_METHOD';
  /**
   * The cancel marker.
   */
  data: {
    /**
     * Always CANCEL (ACT-4).
     */
    action: 'CANCEL';
  };
  /**
   * The transaction this message belongs to (TXN-2); "initial" when there is none (ENV-7).
   */
  transactionId: string;
  /**
   * When the sender sent it, in epoch milliseconds (ENV-8).
   */
  timestamp: number;
}
/**
 * USER_ACTION on KEYPAD: the user entered a custom amount (ACT-3, FLOW-4).
 */
export interface KeypadAmountAction {
  /**
   * Always USER_ACTION: terminals send nothing else (ENV-2, ENV-14).
   */
  messageType: 'USER_ACTION';
  /**
   * The screen the user acted on: KEYPAD (ACT-7).
   */
  screen: 'KEYPAD';
  /**
   * The amount typed.
   */
  data: {
    /**
     * Always KEYPAD (ACT-3).
     */
    selectionMethod: 'KEYPAD';
    /**
     * The amount typed, within the keypad bounds (ACT-3).
     */
    selectedAmount: number;
  };
  /**
   * The transaction this message belongs to (TXN-2); "initial" when there is none (ENV-7).
   */
  transactionId: string;
  /**
   * When the sender sent it, in epoch milliseconds (ENV-8).
   */
  timestamp: number;
}
/**
 * USER_ACTION on FAILED or LIMIT_ERROR: the user acknowledged (ACT-6, FLOW-14).
 */
export interface OkAction {
  /**
   * Always USER_ACTION: terminals send nothing else (ENV-2, ENV-14).
   */
  messageType: 'USER_ACTION';
  /**
   * The screen the user acted on: FAILED or LIMIT_ERROR (ACT-7).
   */
  screen: 'FAILED' | 'LIMIT_ERROR';
  /**
   * The acknowledgement.
   */
  data: {
    /**
     * Always OK (ACT-6).
     */
    action: 'OK';
  };
  /**
   * The transaction this message belongs to (TXN-2); "initial" when there is none (ENV-7).
   */
  transactionId: string;
  /**
   * When the sender sent it, in epoch milliseconds (ENV-8).
   */
  timestamp: number;
}
/**
 * USER_ACTION on PAYMENT_METHOD: the user chose how to pay (ACT-5, FLOW-7).
 */
export interface PaymentMethodAction {
  /**
   * Always USER_ACTION: terminals send nothing else (ENV-2, ENV-14).
   */
  messageType: 'USER_ACTION';
  /**
   * The screen the user acted on: PAYMENT_METHOD (ACT-7).
   */
  screen: 'PAYMENT_METHOD';
  /**
   * The method chosen.
   */
  data: {
    /**
     * The offered method chosen (ACT-5).
     */
    selectedMethod: 'DEBIT_CARD' | 'PAY_BY_BANK';
  };
  /**
   * The transaction this message belongs to (TXN-2); "initial" when there is none (ENV-7).
   */
  transactionId: string;
  /**
   * When the sender sent it, in epoch milliseconds (ENV-8).
   */
  timestamp: number;
}
/**
 * Shipped client: the first message of a cancel, screen CANCEL, data left out (DIA-4).
 */
export interface DialectCancelAction {
  /**
   * Always USER_ACTION: terminals send nothing else (ENV-2, ENV-14).
   */
  messageType: 'USER_ACTION';
  /**
   * Always CANCEL (DIA-4).
   */
  screen: 'CANCEL';
  /**
   * Left out by the shipped client (Moshi drops nulls); {} is accepted too (DIA-4).
   */
  data?: {};
  /**
   * The transaction this message belongs to (TXN-2); "initial" when there is none (ENV-7).
   */
  transactionId: string;
  /**
   * When the sender sent it, in epoch milliseconds (ENV-8).
   */
  timestamp: number;
}
/**
 * Shipped client: "Other" (selectedAmount -1) or a keypad amount, sent as an AMOUNT_SELECT action with selectionMethod CUSTOM (DIA-1, DIA-2).
 */
export interface DialectCustomAmountAction {
  /**
   * Always USER_ACTION: terminals send nothing else (ENV-2, ENV-14).
   */
  messageType: 'USER_ACTION';
  /**
   * The screen the user acted on: AMOUNT_SELECT (ACT-7).
   */
  screen: 'AMOUNT_SELECT';
  /**
   * The amount or the "Other" marker.
   */
  data: {
    /**
     * -1 for "Other", else the keypad amount (DIA-1, DIA-2).
     */
    selectedAmount: number;
    /**
     * Always CUSTOM (DIA-1).
     */
    selectionMethod: 'CUSTOM';
  };
  /**
   * The transaction this message belongs to (TXN-2); "initial" when there is none (ENV-7).
   */
  transactionId: string;
  /**
   * When the sender sent it, in epoch milliseconds (ENV-8).
   */
  timestamp: number;
}
/**
 * Shipped client: the payment method sent in selectionMethod instead of selectedMethod (DIA-3).
 */
export interface DialectPaymentMethodAction {
  /**
   * Always USER_ACTION: terminals send nothing else (ENV-2, ENV-14).
   */
  messageType: 'USER_ACTION';
  /**
   * The screen the user acted on: PAYMENT_METHOD (ACT-7).
   */
  screen: 'PAYMENT_METHOD';
  /**
   * The method chosen.
   */
  data: {
    /**
     * The offered method chosen (DIA-3).
     */
    selectionMethod: 'DEBIT_CARD' | 'PAY_BY_BANK';
  };
  /**
   * The transaction this message belongs to (TXN-2); "initial" when there is none (ENV-7).
   */
  transactionId: string;
  /**
   * When the sender sent it, in epoch milliseconds (ENV-8).
   */
  timestamp: number;
}
/**
 * Shipped client: the second message of a cancel, and the way it leaves LIMIT_ERROR; screen RESET, data left out (DIA-4, DIA-5).
 */
export interface DialectResetAction {
  /**
   * Always USER_ACTION: terminals send nothing else (ENV-2, ENV-14).
   */
  messageType: 'USER_ACTION';
  /**
   * Always RESET (DIA-5).
   */
  screen: 'RESET';
  /**
   * Left out by the shipped client (Moshi drops nulls); {} is accepted too (DIA-4).
   */
  data?: {};
  /**
   * The transaction this message belongs to (TXN-2); "initial" when there is none (ENV-7).
   */
  transactionId: string;
  /**
   * When the sender sent it, in epoch milliseconds (ENV-8).
   */
  timestamp: number;
}
/**
 * ERROR: the server rejects an action or reports a timeout; the screen does not change (SCR-12, section 9).
 */
export interface ErrorMessage {
  /**
   * Always ERROR for this message (ENV-2).
   */
  messageType: 'ERROR';
  /**
   * The screen the terminal currently shows (ENV-4).
   */
  screen:
    | 'AMOUNT_SELECT'
    | 'KEYPAD'
    | 'PAYMENT_METHOD'
    | 'PROCESSING'
    | 'SUCCESS'
    | 'FAILED'
    | 'LIMIT_ERROR'
    | 'PRINT_TICKET'
    | 'COLLECT_TICKET'
    | 'THANK_YOU'
    | 'DEVICE_ERROR';
  /**
   * Error details.
   */
  data: {
    /**
     * What went wrong, for people (SCR-12).
     */
    errorMessage: string;
    /**
     * One of the protocol error codes (ERR-9).
     */
    errorCode:
      | 'TIMEOUT'
      | 'INVALID_MESSAGE'
      | 'INVALID_AMOUNT'
      | 'INVALID_TRANSACTION'
      | 'UNEXPECTED_ACTION'
      | 'RATE_LIMITED'
      | 'INTERNAL_ERROR';
  };
  /**
   * The transaction this message belongs to (TXN-2); "initial" when there is none (ENV-7).
   */
  transactionId: string;
  /**
   * When the sender sent it, in epoch milliseconds (ENV-8).
   */
  timestamp: number;
}
/**
 * STATUS_UPDATE: progress information that never changes the screen (SCR-10, SCR-11).
 */
export interface StatusUpdateMessage {
  /**
   * Always STATUS_UPDATE for this message (ENV-2).
   */
  messageType: 'STATUS_UPDATE';
  /**
   * The screen the terminal currently shows (ENV-4, SCR-11).
   */
  screen:
    | 'AMOUNT_SELECT'
    | 'KEYPAD'
    | 'PAYMENT_METHOD'
    | 'PROCESSING'
    | 'SUCCESS'
    | 'FAILED'
    | 'LIMIT_ERROR'
    | 'PRINT_TICKET'
    | 'COLLECT_TICKET'
    | 'THANK_YOU'
    | 'DEVICE_ERROR';
  /**
   * Status details.
   */
  data: {
    /**
     * What is happening, e.g. AWAITING_CARD, AUTHORISING, PRINTING (SCR-10).
     */
    status: string;
    /**
     * Optional text to show with the status (SCR-10).
     */
    message?: string;
    /**
     * Optional progress in percent, 0 to 100 (SCR-10).
     */
    progress?: number;
  };
  /**
   * The transaction this message belongs to (TXN-2); "initial" when there is none (ENV-7).
   */
  transactionId: string;
  /**
   * When the sender sent it, in epoch milliseconds (ENV-8).
   */
  timestamp: number;
}
/**
 * SCREEN_CHANGE to AMOUNT_SELECT: the terminal offers preset amounts (SCR-1, FLOW-1).
 */
export interface AmountSelectScreen {
  /**
   * Always SCREEN_CHANGE for this message (ENV-2).
   */
  messageType: 'SCREEN_CHANGE';
  /**
   * Always AMOUNT_SELECT: the screen to show (ENV-3).
   */
  screen: 'AMOUNT_SELECT';
  /**
   * Amounts on offer.
   */
  data: {
    /**
     * Preset amounts offered, 1 to 12 unique positive integers (SCR-1).
     *
     * @minItems 1
     * @maxItems 12
     *
     * Items: One offered amount (SCR-1, ENV-11).
     */
    amounts:
      | [number]
      | [number, number]
      | [number, number, number]
      | [number, number, number, number]
      | [number, number, number, number, number]
      | [number, number, number, number, number, number]
      | [number, number, number, number, number, number, number]
      | [number, number, number, number, number, number, number, number]
      | [number, number, number, number, number, number, number, number, number]
      | [number, number, number, number, number, number, number, number, number, number]
      | [number, number, number, number, number, number, number, number, number, number, number]
      | [number, number, number, number, number, number, number, number, number, number, number, number];
    /**
     * Currency symbol to display (ENV-12).
     */
    currency: string;
    /**
     * Whether the "Other" button (keypad entry) is shown (SCR-1, ACT-2).
     */
    showOtherOption: boolean;
  };
  /**
   * The transaction this message belongs to (TXN-2); "initial" when there is none (ENV-7).
   */
  transactionId: string;
  /**
   * When the sender sent it, in epoch milliseconds (ENV-8).
   */
  timestamp: number;
}
/**
 * SCREEN_CHANGE to COLLECT_TICKET: the user takes the ticket (SCR-8, FLOW-11).
 */
export interface CollectTicketScreen {
  /**
   * Always SCREEN_CHANGE for this message (ENV-2).
   */
  messageType: 'SCREEN_CHANGE';
  /**
   * Always COLLECT_TICKET: the screen to show (ENV-3).
   */
  screen: 'COLLECT_TICKET';
  data: EmptyData;
  /**
   * The transaction this message belongs to (TXN-2); "initial" when there is none (ENV-7).
   */
  transactionId: string;
  /**
   * When the sender sent it, in epoch milliseconds (ENV-8).
   */
  timestamp: number;
}
/**
 * Always {} (SCR-8).
 */
export interface EmptyData {}
/**
 * SCREEN_CHANGE to DEVICE_ERROR: the terminal cannot serve (SCR-9, FLOW-12).
 */
export interface DeviceErrorScreen {
  /**
   * Always SCREEN_CHANGE for this message (ENV-2).
   */
  messageType: 'SCREEN_CHANGE';
  /**
   * Always DEVICE_ERROR: the screen to show (ENV-3).
   */
  screen: 'DEVICE_ERROR';
  /**
   * Device fault.
   */
  data: {
    /**
     * What is wrong, for the user (SCR-9).
     */
    errorMessage: string;
    /**
     * What is wrong, e.g. PRINTER_ERROR (SCR-9).
     */
    errorCode: string;
  };
  /**
   * The transaction this message belongs to (TXN-2); "initial" when there is none (ENV-7).
   */
  transactionId: string;
  /**
   * When the sender sent it, in epoch milliseconds (ENV-8).
   */
  timestamp: number;
}
/**
 * SCREEN_CHANGE to FAILED: the payment did not go through (SCR-6, FLOW-9, FLOW-10).
 */
export interface FailedScreen {
  /**
   * Always SCREEN_CHANGE for this message (ENV-2).
   */
  messageType: 'SCREEN_CHANGE';
  /**
   * Always FAILED: the screen to show (ENV-3).
   */
  screen: 'FAILED';
  /**
   * Failure reason.
   */
  data: {
    /**
     * Why the payment failed, for the user (SCR-6).
     */
    errorMessage: string;
    /**
     * Why the payment failed, e.g. CARD_DECLINED or PAYMENT_TIMEOUT (SCR-6).
     */
    errorCode: string;
  };
  /**
   * The transaction this message belongs to (TXN-2); "initial" when there is none (ENV-7).
   */
  transactionId: string;
  /**
   * When the sender sent it, in epoch milliseconds (ENV-8).
   */
  timestamp: number;
}
/**
 * SCREEN_CHANGE to KEYPAD: custom amount entry (SCR-2, FLOW-3).
 */
export interface KeypadScreen {
  /**
   * Always SCREEN_CHANGE for this message (ENV-2).
   */
  messageType: 'SCREEN_CHANGE';
  /**
   * Always KEYPAD: the screen to show (ENV-3).
   */
  screen: 'KEYPAD';
  /**
   * Keypad bounds.
   */
  data: {
    /**
     * Currency symbol to display (ENV-12).
     */
    currency: string;
    /**
     * Smallest amount the keypad accepts (SCR-2).
     */
    minAmount: number;
    /**
     * Largest amount the keypad accepts, >= minAmount (SCR-2).
     */
    maxAmount: number;
  };
  /**
   * The transaction this message belongs to (TXN-2); "initial" when there is none (ENV-7).
   */
  transactionId: string;
  /**
   * When the sender sent it, in epoch milliseconds (ENV-8).
   */
  timestamp: number;
}
/**
 * SCREEN_CHANGE to LIMIT_ERROR: the amount exceeds what is left of the daily limit (SCR-7, FLOW-6).
 */
export interface LimitErrorScreen {
  /**
   * Always SCREEN_CHANGE for this message (ENV-2).
   */
  messageType: 'SCREEN_CHANGE';
  /**
   * Always LIMIT_ERROR: the screen to show (ENV-3).
   */
  screen: 'LIMIT_ERROR';
  /**
   * Limit details.
   */
  data: {
    /**
     * The terminal's daily limit in whole currency units (SCR-7).
     */
    limit: number;
    /**
     * What is left of today's limit, 0 <= remaining <= limit (SCR-7).
     */
    remaining: number;
    /**
     * Currency symbol to display (ENV-12).
     */
    currency: string;
  };
  /**
   * The transaction this message belongs to (TXN-2); "initial" when there is none (ENV-7).
   */
  transactionId: string;
  /**
   * When the sender sent it, in epoch milliseconds (ENV-8).
   */
  timestamp: number;
}
/**
 * SCREEN_CHANGE to PAYMENT_METHOD: choose how to pay (SCR-3, FLOW-2, FLOW-4).
 */
export interface PaymentMethodScreen {
  /**
   * Always SCREEN_CHANGE for this message (ENV-2).
   */
  messageType: 'SCREEN_CHANGE';
  /**
   * Always PAYMENT_METHOD: the screen to show (ENV-3).
   */
  screen: 'PAYMENT_METHOD';
  /**
   * Payment methods on offer.
   */
  data: {
    /**
     * Methods offered: a non-empty list of unique payment methods (SCR-3).
     *
     * @minItems 1
     *
     * Items: One offered payment method (SCR-3).
     */
    methods: ['DEBIT_CARD' | 'PAY_BY_BANK', ...('DEBIT_CARD' | 'PAY_BY_BANK')[]];
    /**
     * Whether the terminal shows a cancel button (SCR-3, ACT-4).
     */
    allowCancel: boolean;
    /**
     * Currency symbol to display (ENV-12).
     */
    currency: string;
  };
  /**
   * The transaction this message belongs to (TXN-2); "initial" when there is none (ENV-7).
   */
  transactionId: string;
  /**
   * When the sender sent it, in epoch milliseconds (ENV-8).
   */
  timestamp: number;
}
/**
 * SCREEN_CHANGE to PRINT_TICKET: the ticket is being printed (SCR-8, FLOW-11).
 */
export interface PrintTicketScreen {
  /**
   * Always SCREEN_CHANGE for this message (ENV-2).
   */
  messageType: 'SCREEN_CHANGE';
  /**
   * Always PRINT_TICKET: the screen to show (ENV-3).
   */
  screen: 'PRINT_TICKET';
  data: EmptyData1;
  /**
   * The transaction this message belongs to (TXN-2); "initial" when there is none (ENV-7).
   */
  transactionId: string;
  /**
   * When the sender sent it, in epoch milliseconds (ENV-8).
   */
  timestamp: number;
}
/**
 * Always {} (SCR-8).
 */
export interface EmptyData1 {}
/**
 * SCREEN_CHANGE to PROCESSING: the payment is being processed (SCR-4, FLOW-7).
 */
export interface ProcessingScreen {
  /**
   * Always SCREEN_CHANGE for this message (ENV-2).
   */
  messageType: 'SCREEN_CHANGE';
  /**
   * Always PROCESSING: the screen to show (ENV-3).
   */
  screen: 'PROCESSING';
  /**
   * Empty, or the amount and method being processed.
   */
  data: {
    /**
     * Optional: the amount being charged (SCR-4).
     */
    amount?: number;
    /**
     * Optional: the method being used (SCR-4).
     */
    method?: 'DEBIT_CARD' | 'PAY_BY_BANK';
  };
  /**
   * The transaction this message belongs to (TXN-2); "initial" when there is none (ENV-7).
   */
  transactionId: string;
  /**
   * When the sender sent it, in epoch milliseconds (ENV-8).
   */
  timestamp: number;
}
/**
 * SCREEN_CHANGE to SUCCESS: the payment was approved (SCR-5, FLOW-8).
 */
export interface SuccessScreen {
  /**
   * Always SCREEN_CHANGE for this message (ENV-2).
   */
  messageType: 'SCREEN_CHANGE';
  /**
   * Always SUCCESS: the screen to show (ENV-3).
   */
  screen: 'SUCCESS';
  /**
   * Outcome details.
   */
  data: {
    /**
     * Whether a ticket will be printed (SCR-5, FLOW-19).
     */
    showReceipt: boolean;
  };
  /**
   * The transaction this message belongs to (TXN-2); "initial" when there is none (ENV-7).
   */
  transactionId: string;
  /**
   * When the sender sent it, in epoch milliseconds (ENV-8).
   */
  timestamp: number;
}
/**
 * SCREEN_CHANGE to THANK_YOU: the final screen of a paid cycle (SCR-8, FLOW-11).
 */
export interface ThankYouScreen {
  /**
   * Always SCREEN_CHANGE for this message (ENV-2).
   */
  messageType: 'SCREEN_CHANGE';
  /**
   * Always THANK_YOU: the screen to show (ENV-3).
   */
  screen: 'THANK_YOU';
  data: EmptyData2;
  /**
   * The transaction this message belongs to (TXN-2); "initial" when there is none (ENV-7).
   */
  transactionId: string;
  /**
   * When the sender sent it, in epoch milliseconds (ENV-8).
   */
  timestamp: number;
}
/**
 * Always {} (SCR-8).
 */
export interface EmptyData2 {}

/** Every message form of schemas/server-message.schema.json. */
export type ServerMessage = ErrorMessage | StatusUpdateMessage | AmountSelectScreen | CollectTicketScreen | DeviceErrorScreen | FailedScreen | KeypadScreen | LimitErrorScreen | PaymentMethodScreen | PrintTicketScreen | ProcessingScreen | SuccessScreen | ThankYouScreen;

/** Every message form of schemas/terminal-message.pinto-android-1.schema.json. */
export type PintoAndroid1TerminalMessage = OtherAmountAction | PresetAmountAction | CancelAction | KeypadAmountAction | OkAction | PaymentMethodAction | DialectCancelAction | DialectCustomAmountAction | DialectPaymentMethodAction | DialectResetAction;

/** Every message form of schemas/terminal-message.schema.json. */
export type TerminalMessage = OtherAmountAction | PresetAmountAction | CancelAction | KeypadAmountAction | OkAction | PaymentMethodAction;
