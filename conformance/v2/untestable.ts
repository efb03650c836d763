/**
 * MUST requirements of docs/protocol-v2.md that no v2 case can check from
 * outside the backend (on the wire, through test control or the read-only
 * books endpoint), and why. The v2 coverage test demands that every v2 MUST
 * is either checked by a v2 case or listed here, and that nothing listed here
 * is also checked by a case; the report shows the reason.
 *
 * Listed are only rules a backend cannot break, or cannot be seen to break:
 * rules that state what d540407 itself does (a backend's part of them is
 * another requirement, named in the reason) and rules that need a provocation
 * no declared target feature offers.
 */
export const v2Untestable: Readonly<Record<string, string>> = {
  'V2-SCR-3':
    'a latitude, not a duty: any `screen` string works in DEVICE_INFO, RESTART_APP, the reversal requests, ERROR, STATUS_UPDATE and LIMIT_CHECK_RESULT, so nothing a backend sends there can break it (the schemas accept any string there)',
  'V2-SCR-6':
    'says how d540407 treats screens during its local payment (PAYMENT_METHOD ignored, every other screen applied); what a backend must not send then is V2-M-13, checked by v2-money/13/1 and v2-flow/d/2',
  'V2-ERR-3':
    'says how d540407 reacts to a backend frame it cannot parse (device-error screen, no timer, nothing sent); a backend\'s part is to send no such frame, V2-BAK-11, judged on every backend frame of every case',
  'V2-KIO-2':
    'K2 is sent only for a payment method other than DEBIT_CARD and PAY_BY_BANK, and what follows it is open (V2-OPEN-11: the message sequence after K2 is not settled), so no answer a backend gives to K2 can be judged wrong; the form itself is what d540407 writes (`paysock validate --from terminal` checks that side)',
  'V2-KIO-13':
    'a K8b (NO_SALE_FOUND, EXCEPTION) answers a reversal request the kiosk cannot act on: no sale since the app started, or the sale already reversed. A backend keeping V2-M-11 asks only for the kiosk\'s latest sale, before any restart, and not for a reversed one (the reference server refuses the operator\'s reversal request after a reconnect or for a reversed sale), so a conforming backend never draws a K8b; a request that draws one is judged under V2-M-11 (v2-money/11)',
};
