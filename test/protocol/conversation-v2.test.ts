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

  it('only ever WARNs on a SHOULD, the project\'s readings and the open questions', () => {
    expect(isV2Hard('V2-BAK-5')).toBe(false);
    expect(isV2Hard('V2-ENV-9')).toBe(false);
  });
});
