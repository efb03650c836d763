import { describe, expect, it } from 'vitest';
import { niceTicks, tickLabel } from '../../load/report/ticks.js';

describe('report axis ticks', () => {
  it('steps by 1, 2 or 5 times a power of ten and cover the data', () => {
    expect(niceTicks(0, 7.26, 4)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0, 87, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 0.37, 4)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    expect(niceTicks(0, 1234, 5)).toEqual([0, 500, 1000, 1500]);
  });

  it('time axes are whole seconds, never fractions, even for a 3 s run', () => {
    expect(niceTicks(0, 3, 8, true)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(0, 600, 8, true)).toEqual([0, 100, 200, 300, 400, 500, 600]);
    expect(tickLabel(180, true)).toBe('3:00');
    expect(tickLabel(25_000)).toBe('25k');
  });
});
