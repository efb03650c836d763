import { describe, expect, it } from 'vitest';
import { kioskFrames } from '../../kiosk-v2/index.js';
import { V2Conversation } from '../../protocol/v2/conversation.js';
import { isV2Hard } from '../../protocol/v2/verdict.js';

const T = 'T-1';
const now = 1_714_000_000_000;
const backend = (messageType: string, screen: string, transactionId = T, data: unknown = {}): string => JSON.stringify({ messageType, screen, data, transactionId, timestamp: now });
const k6 = (id = T): string => kioskFrames.cardCheckResult('integra', 'CARD-1', 20, id, now);
const requirementsOf = (c: V2Conversation, text: string): string[] => c.backendFrame(text).map((p) => p.requirement);

describe('V2Conversation: backend frames judged by what the kiosk said before', () => {
  it('accepts one LIMIT_CHECK_RESULT per CARD_CHECK_RESULT, with its id', () => {
    const c = new V2Conversation();
    c.kioskSent(k6());
    expect(c.backendFrame(backend('LIMIT_CHECK_RESULT', 'APPROVED'))).toEqual([]);
  });

  it('FAILs a second answer to one card check (V2-M-3), also after a reconnect, at /transactionId', () => {
    const c = new V2Conversation();
    c.kioskSent(k6());
    c.backendFrame(backend('LIMIT_CHECK_RESULT', 'APPROVED'));
    c.connectionChanged();
    const [problem] = c.backendFrame(backend('LIMIT_CHECK_RESULT', 'APPROVED'));
    expect(problem).toMatchObject({ path: '/transactionId', requirement: 'V2-M-3' });
    expect(isV2Hard('V2-M-3')).toBe(true);
  });

  it('FAILs an answer under another id than the open card check (V2-TXN-3), and one with no card check at all (V2-M-3)', () => {
    const c = new V2Conversation();
    expect(requirementsOf(c, backend('LIMIT_CHECK_RESULT', 'APPROVED', 'T-x'))).toEqual(['V2-M-3']);
    c.kioskSent(k6());
    expect(requirementsOf(c, backend('LIMIT_CHECK_RESULT', 'REJECTED', 'T-other'))).toEqual(['V2-TXN-3']);
  });

  it('FAILs an ERROR answering a keepalive (V2-TRN-6), an idle CANCEL (V2-ERR-1) or a REVERSAL_RESULT (V2-M-9); other ERRORs pass here', () => {
    const c = new V2Conversation();
    c.kioskSent(kioskFrames.keepalive);
    expect(requirementsOf(c, backend('ERROR', 'AMOUNT_SELECT'))).toEqual(['V2-TRN-6']);
    c.kioskSent(kioskFrames.userAction('CANCEL', { errorMessage: 'Session timed out due to inactivity' }, T, now));
    expect(requirementsOf(c, backend('ERROR', 'AMOUNT_SELECT'))).toEqual(['V2-ERR-1']);
    c.kioskSent(kioskFrames.reversalNoSale('R-1', now));
    expect(requirementsOf(c, backend('ERROR', 'FAILED', 'R-1'))).toEqual(['V2-M-9']);
    c.kioskSent(kioskFrames.userAction('CANCEL', {}, T, now));
    expect(requirementsOf(c, backend('ERROR', 'PAYMENT_METHOD'))).toEqual([]);
  });

  it('FAILs ERROR, FAILED or AMOUNT_SELECT during a local card payment (V2-M-13) until its PAYMENT_RESULT, a RESET or a new connection', () => {
    const c = new V2Conversation();
    c.localPaymentStarted();
    expect(requirementsOf(c, backend('SCREEN_CHANGE', 'AMOUNT_SELECT'))).toEqual(['V2-M-13']);
    expect(requirementsOf(c, backend('SCREEN_CHANGE', 'FAILED'))).toEqual(['V2-M-13']);
    expect(requirementsOf(c, backend('SCREEN_CHANGE', 'RECEIPT_QUESTION'))).toEqual([]);
    c.kioskSent(kioskFrames.userAction('RESET', null, 'U-1', now));
    expect(requirementsOf(c, backend('SCREEN_CHANGE', 'AMOUNT_SELECT'))).toEqual([]);
    c.localPaymentStarted();
    c.connectionChanged();
    // V2-TRN-9: a screen on every connection; the backend cannot know a payment runs.
    expect(requirementsOf(c, backend('SCREEN_CHANGE', 'AMOUNT_SELECT'))).toEqual([]);
  });

  it('FAILs COLLECT_TICKET or THANK_YOU after a PRINT_TICKET when test control arranged the print failure (V2-M-14), on that connection only, until AMOUNT_SELECT', () => {
    const plain = new V2Conversation();
    // Without test control the kiosk cannot know a ticket failed: the printer is the backend's.
    for (const s of ['PRINT_TICKET', 'COLLECT_TICKET', 'THANK_YOU']) expect(requirementsOf(plain, backend('SCREEN_CHANGE', s))).toEqual([]);
    const c = new V2Conversation();
    c.printFailureArranged();
    expect(requirementsOf(c, backend('SCREEN_CHANGE', 'COLLECT_TICKET'))).toEqual([]);
    expect(requirementsOf(c, backend('SCREEN_CHANGE', 'PRINT_TICKET'))).toEqual([]);
    expect(requirementsOf(c, backend('SCREEN_CHANGE', 'PRINTER_ERROR'))).toEqual([]);
    expect(c.backendFrame(backend('SCREEN_CHANGE', 'COLLECT_TICKET'))).toMatchObject([{ path: '/screen', requirement: 'V2-M-14' }]);
    expect(requirementsOf(c, backend('SCREEN_CHANGE', 'THANK_YOU'))).toEqual(['V2-M-14']);
    expect(isV2Hard('V2-M-14')).toBe(true);
    expect(requirementsOf(c, backend('SCREEN_CHANGE', 'AMOUNT_SELECT'))).toEqual([]);
    expect(requirementsOf(c, backend('SCREEN_CHANGE', 'THANK_YOU'))).toEqual([]);
    c.backendFrame(backend('SCREEN_CHANGE', 'PRINT_TICKET'));
    c.connectionChanged();
    expect(requirementsOf(c, backend('SCREEN_CHANGE', 'COLLECT_TICKET'))).toEqual([]);
  });

  describe('RESTART_APP (§5k step 4)', () => {
    const restart = backend('RESTART_APP', '', 'restart-1', null);
    const sale = (success = true, id = T): string => kioskFrames.paymentResultInline({ success, resultCode: success ? 'A' : 'D', message: success ? 'APPROVED' : 'DECLINED', bankResultCode: success ? '00' : '05' }, id, now);
    const reversal = (success: boolean): string => kioskFrames.reversalResultInline({ success, resultCode: success ? 'A' : 'E', message: success ? 'REVERSED' : 'REVERSAL FAILED', bankResultCode: success ? '00' : '' }, 'REVERSAL_T-1', T, T, 20, 'R-1', now);
    /** A conversation that has reached the kiosk's K7 SUCCESS, then the backend's frames `after`. */
    const holding = (...after: string[]): V2Conversation => {
      const c = new V2Conversation();
      c.localPaymentStarted();
      c.kioskSent(sale());
      for (const f of after) expect(c.backendFrame(f)).toEqual([]);
      return c;
    };

    it('FAILs RESTART_APP while the kiosk holds a sale whose ticket is not confirmed (V2-M-12), at /messageType, from its PAYMENT_RESULT SUCCESS through RECEIPT_QUESTION, PRINT_TICKET and PRINTER_ERROR', () => {
      expect(holding().backendFrame(restart)).toMatchObject([{ path: '/messageType', requirement: 'V2-M-12' }]);
      expect(requirementsOf(holding(backend('SCREEN_CHANGE', 'RECEIPT_QUESTION')), restart)).toEqual(['V2-M-12']);
      expect(requirementsOf(holding(backend('SCREEN_CHANGE', 'RECEIPT_QUESTION'), backend('SCREEN_CHANGE', 'PRINT_TICKET')), restart)).toEqual(['V2-M-12']);
      expect(requirementsOf(holding(backend('SCREEN_CHANGE', 'PRINT_TICKET'), backend('SCREEN_CHANGE', 'PRINTER_ERROR', T, { errorMessage: 'no paper' })), restart)).toEqual(['V2-M-12']);
      expect(isV2Hard('V2-M-12')).toBe(true);
    });

    it('accepts RESTART_APP once COLLECT_TICKET, THANK_YOU or AMOUNT_SELECT has reached the kiosk (each clears its pending-ticket marker)', () => {
      for (const screen of ['COLLECT_TICKET', 'THANK_YOU', 'AMOUNT_SELECT']) {
        expect(requirementsOf(holding(backend('SCREEN_CHANGE', 'PRINT_TICKET'), backend('SCREEN_CHANGE', screen)), restart), screen).toEqual([]);
      }
    });

    it('keeps the V2-M-12 window through a failed reversal and ends it with a reversed sale or NO_SALE_FOUND; a REFUND_PROCESSING display during the reversal is fine', () => {
      const failed = holding(backend('SCREEN_CHANGE', 'PRINT_TICKET'), backend('REVERSAL_REQUEST', '', 'R-1', { originalTransactionId: T, originalRequesterTransRefNum: T, reversalAmount: 20 }), backend('SCREEN_CHANGE', 'REFUND_PROCESSING', 'R-1'));
      failed.kioskSent(reversal(false));
      // §5h step 6: a failed reversal leaves the last sale and the pending-ticket marker.
      expect(requirementsOf(failed, restart)).toEqual(['V2-M-12']);
      const reversed = holding(backend('REVERSAL_REQUEST', '', 'R-1', { originalTransactionId: T, originalRequesterTransRefNum: T, reversalAmount: 20 }), backend('SCREEN_CHANGE', 'REFUND_PROCESSING', 'R-1'));
      reversed.kioskSent(reversal(true));
      expect(requirementsOf(reversed, restart)).toEqual([]);
      const none = holding(backend('REVERSAL_REQUEST', '', 'R-1', {}));
      none.kioskSent(kioskFrames.reversalNoSale('R-1', now));
      expect(requirementsOf(none, restart)).toEqual([]);
    });

    it('accepts RESTART_APP after a failed sale, on a kiosk that never paid, and after a reconnect (the backend cannot know the sale is still held)', () => {
      const declined = new V2Conversation();
      declined.localPaymentStarted();
      declined.kioskSent(sale(false));
      expect(requirementsOf(declined, restart)).toEqual([]);
      expect(requirementsOf(new V2Conversation(), restart)).toEqual([]);
      const reconnected = holding(backend('SCREEN_CHANGE', 'PRINT_TICKET'));
      reconnected.connectionChanged();
      expect(requirementsOf(reconnected, restart)).toEqual([]);
    });

    it('FAILs RESTART_APP during a local card payment (V2-FLOW-21) until the K7 or K8a that ends it or the kiosk\'s RESET; accepts it before the tap', () => {
      const c = new V2Conversation();
      expect(requirementsOf(c, restart)).toEqual([]);
      c.localPaymentStarted();
      expect(c.backendFrame(restart)).toMatchObject([{ path: '/messageType', requirement: 'V2-FLOW-21' }]);
      c.kioskSent(k6());
      expect(requirementsOf(c, backend('LIMIT_CHECK_RESULT', 'APPROVED'))).toEqual([]);
      expect(requirementsOf(c, restart)).toEqual(['V2-FLOW-21']);
      expect(isV2Hard('V2-FLOW-21')).toBe(true);
      c.kioskSent(kioskFrames.userAction('RESET', null, 'U-1', now));
      expect(requirementsOf(c, restart)).toEqual([]);
      // NNSmart: the limit rejected after the sale, the kiosk's K8a LIMIT_REVERSED ends the payment.
      const nnsmart = new V2Conversation();
      nnsmart.localPaymentStarted();
      nnsmart.kioskSent(kioskFrames.reversalResultBuilt({ success: true, transactionId: T, resultCode: '00', message: 'LIMIT_REVERSED', requesterTransRefNum: T, originalRequesterTransRefNum: T, originalTransactionId: T, reversalAmount: 20 }, now));
      expect(requirementsOf(nnsmart, restart)).toEqual([]);
      const reconnected = new V2Conversation();
      reconnected.localPaymentStarted();
      reconnected.connectionChanged();
      expect(requirementsOf(reconnected, restart)).toEqual([]);
    });
  });

  it('only ever WARNs on a SHOULD, the project\'s readings and the open questions', () => {
    expect(isV2Hard('V2-BAK-5')).toBe(false);
    expect(isV2Hard('V2-ENV-9')).toBe(false);
  });
});
