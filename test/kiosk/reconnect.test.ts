import { describe, expect, it } from 'vitest';
import { reconnectDelay } from '../../kiosk/page/reconnect.js';

describe('reconnect policy', () => {
  it('pinto-android-1: every 5 s after a failure, never after a clean close', () => {
    expect(reconnectDelay('pinto-android-1', 0, { clean: false, code: 1006 })).toBe(5_000);
    expect(reconnectDelay('pinto-android-1', 7, { clean: false, code: 1006 })).toBe(5_000);
    expect(reconnectDelay('pinto-android-1', 0, { clean: true, code: 1000 })).toBeUndefined();
  });

  it('strict: exponential backoff capped at 30 s, none after being replaced (4001)', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((a) => reconnectDelay('strict', a, { clean: false, code: 1006 }))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect(reconnectDelay('strict', 0, { clean: true, code: 4001 })).toBeUndefined();
  });
});
