/**
 * What the kiosk shows: `PaymentScreenState` (SocketMessages.kt:71-135).
 * Names are the app's; the ones a backend can send carry the wire name in
 * `wire` (pinto-android-2.md §4.1). LOADING, CONNECTION_ERROR,
 * MOCK_PAYMENT_CARD, REVERSING and REVERSAL_SUCCESS are local only.
 */
export type KioskScreen =
  | { name: 'LOADING' }
  | { name: 'CONNECTION_ERROR' }
  | { name: 'AMOUNT_SELECT'; amounts: number[]; currency: string; showOtherOption: boolean }
  | { name: 'KEYPAD'; currency: string; minAmount: number; maxAmount: number }
  | { name: 'PAYMENT_METHOD'; methods: string[]; amount: number; currency: string; allowCancel: boolean }
  | { name: 'PROCESSING' }
  | { name: 'TIMEOUT' }
  | { name: 'MOCK_PAYMENT_CARD'; amount: number; currency: string }
  | { name: 'SUCCESS'; showReceipt: boolean }
  | { name: 'FAILED'; errorMessage: string | null }
  | { name: 'REVERSING'; message: string }
  | { name: 'REVERSAL_SUCCESS'; message: string }
  | { name: 'LIMIT_ERROR'; errorMessage: string }
  | { name: 'PRINT_TICKET' }
  | { name: 'COLLECT_TICKET' }
  | { name: 'THANK_YOU' }
  /** DeviceError: DEVICE_ERROR, PRINTER_ERROR and unparseable frames all show it (PaymentViewModel.kt:1764-1770, :1977-1992). */
  | { name: 'DEVICE_ERROR'; errorMessage: string }
  | { name: 'QR_CODE'; paymentUrl: string }
  | { name: 'REFUND_PROCESSING'; errorMessage: string | null }
  | { name: 'RECEIPT_QUESTION' };

export type KioskScreenName = KioskScreen['name'];
