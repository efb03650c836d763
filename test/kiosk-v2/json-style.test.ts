import { describe, expect, it } from 'vitest';
import { kioskFrames, readSocketMessage } from '../../kiosk-v2/index.js';
import { moshiJson, trimIndent } from '../../kiosk-v2/json-style.js';
import { checkFrames, KioskRig } from './harness.js';

describe('the two JSON styles of d540407 (pinto-android-2.md §3.1)', () => {
  it('Moshi: compact, property order, nulls left out, data null drops the key', () => {
    expect(kioskFrames.userAction('RESET', null, 'U1', 1714000000000)).toBe('{"messageType":"USER_ACTION","screen":"RESET","transactionId":"U1","timestamp":1714000000000}');
    expect(kioskFrames.userAction('CANCEL', { errorMessage: null }, 'T1', 1714000000000)).toBe('{"messageType":"USER_ACTION","screen":"CANCEL","data":{},"transactionId":"T1","timestamp":1714000000000}');
    expect(moshiJson({ messageType: 'USER_ACTION', screen: 'AMOUNT_SELECT', data: { selectionMethod: 'CUSTOM', selectedAmount: 61 }, transactionId: 'a\u2028', timestamp: 1 })).toBe('{"messageType":"USER_ACTION","screen":"AMOUNT_SELECT","data":{"selectedAmount":61,"selectionMethod":"CUSTOM"},"transactionId":"a\\u2028","timestamp":1}');
  });

  it('hand-written: trimIndent layout, explicit nulls, the source spelled K6 exactly', () => {
    expect(kioskFrames.cardCheckResult('integra', null, 61, 'T1', 1714000000000)).toBe(
      '{\n    "messageType": "CARD_CHECK_RESULT",\n    "screen": "PROCESSING",\n    "data": {\n        "cardToken": "null",\n        "selectedAmount": 61\n    },\n    "transactionId": "T1",\n    "timestamp": 1714000000000\n}',
    );
    expect(kioskFrames.paymentResultBuilt(false, 'T1', null, null, null, 1)).toContain('"errorCode": null,\n        "errorMessage": null,');
  });

  it('values are pasted unescaped: a " in a terminal message breaks the inline PAYMENT_RESULT (§7.4.1) but not the built one', () => {
    const sale = { success: false, resultCode: 'D', bankResultCode: '05', message: 'SAY "NO"' };
    expect(() => JSON.parse(kioskFrames.paymentResultInline(sale, 'T1', 1))).toThrow();
    expect((JSON.parse(kioskFrames.paymentResultBuilt(false, 'T1', 'D', 'SAY "NO"', null, 1)) as { data: { errorMessage: string } }).data.errorMessage).toBe('SAY "NO"');
  });

  it('trimIndent runs after interpolation: a line break in a value keeps the source indent', () => {
    expect(trimIndent('\n    {\n        "a": 1\n    }\n  ')).toBe('{\n    "a": 1\n}');
    expect(kioskFrames.deviceInfoAnswer('DEVICE_SERIAL', 'x\ny', 'T', 1).startsWith(' '.repeat(20) + '{')).toBe(true);
  });

  it('the Moshi reader: required fields, type checks, unknown keys skipped, the keepalive refused', () => {
    expect(readSocketMessage('{"messageType":"X","screen":"","transactionId":"t","timestamp":1,"data":{"zzz":[1]}}').data).toEqual({});
    expect(() => readSocketMessage('{"ping":true}')).toThrow(/Required value 'messageType'/);
    expect(() => readSocketMessage('{"messageType":"SCREEN_CHANGE","screen":"AMOUNT_SELECT","transactionId":"t","timestamp":1,"data":{"amounts":[60.5]}}')).toThrow(/an int/);
    expect(() => readSocketMessage('{"messageType":"X","screen":null,"transactionId":"t","timestamp":1}')).toThrow(/Non-null value 'screen'/);
  });
});

describe('automatic timers (pinto-android-2.md §4.2.5)', () => {
  function onAmountSelect(): KioskRig {
    const r = new KioskRig();
    return r.start().advance(2000);
  }

  it('backend FAILED: ping + RESET exactly 4 s later', () => {
    const r = onAmountSelect();
    r.backend.last.send(r.backend.envelope('SCREEN_CHANGE', 'FAILED', {}, 'f'));
    r.advance(1);
    r.advance(3999);
    expect(r.sent).toEqual([]);
    r.advance(1);
    expect(r.trail).toEqual(['ping', 'USER_ACTION/RESET']);
  });

  it('backend LIMIT_ERROR: RESET (no ping) exactly 5 s later, fresh id; a second LIMIT_ERROR does not restart the count', () => {
    const r = onAmountSelect();
    r.backend.last.send(r.backend.envelope('SCREEN_CHANGE', 'LIMIT_ERROR', { errorMessage: 'x' }, 'l1'));
    r.advance(1);
    r.advance(2000);
    r.backend.last.send(r.backend.envelope('SCREEN_CHANGE', 'LIMIT_ERROR', { errorMessage: 'y' }, 'l2'));
    r.advance(2999);
    expect(r.sent).toEqual([]);
    r.advance(1);
    expect(r.trail).toEqual(['USER_ACTION/RESET']);
    expect(r.frames[0]!.transactionId).not.toBe('l2');
    expect(checkFrames(r.sent)).toEqual([]);
  });

  it('the idle timer counts from the last touch, not from the AMOUNT_SELECT', () => {
    const r = onAmountSelect();
    r.advance(27_999);
    expect(r.sent).toEqual([]);
    r.advance(1);
    expect(r.trail).toEqual(['USER_ACTION/CANCEL']);
    const touched = onAmountSelect();
    touched.kiosk.touch();
    touched.advance(29_999);
    expect(touched.sent).toEqual([]);
    touched.advance(1);
    expect(touched.trail).toEqual(['USER_ACTION/CANCEL']);
  });

  it('a lost link reconnects every 5 s; a clean close from the backend is ignored until a send fails', () => {
    const r = onAmountSelect();
    r.backend.reachable = false;
    r.kiosk.loseConnection();
    r.advance(1);
    expect(r.kiosk.connectionState).toBe('DISCONNECTED');
    r.advance(5000 + 5);
    expect(r.backend.connections).toHaveLength(1);
    r.backend.reachable = true;
    r.advance(5000 + 10);
    expect(r.backend.connections).toHaveLength(2);
    r.backend.last.closeCleanly();
    r.advance(10);
    expect(r.kiosk.connectionState).toBe('CONNECTED');
  });
});
