import { describe, expect, it } from 'vitest';
import { slope, tenMinuteMeans } from '../../bench/soak.js';

describe('soak: the RSS slope and how sure it is', () => {
  it('finds the slope of points on a line, with no error', () => {
    const { slope: b, standardError } = slope([0, 60, 120, 180].map((t) => [t, 400 + t / 600]));
    expect(b * 600).toBeCloseTo(1, 10);
    expect(standardError).toBeCloseTo(0, 10);
  });

  it('gives noisy points a standard error that shrinks with more samples', () => {
    // A flat series with +/-10 MB alternating noise: no slope worth the name, and the error says so.
    const noisy = (n: number): Array<[number, number]> => Array.from({ length: n }, (_, i) => [i * 60, 430 + (i % 2 === 0 ? 10 : -10)]);
    const few = slope(noisy(10));
    const many = slope(noisy(360));
    expect(Math.abs(few.slope * 600)).toBeLessThan(few.standardError * 600 * 2);
    expect(many.standardError).toBeLessThan(few.standardError / 5);
  });

  it('averages RSS over each 10 minutes, a sample at 600 s counting in the first', () => {
    expect(tenMinuteMeans([[300, 400], [600, 410], [900, 420], [1200, 440], [1500, 500]])).toBe('0-10 min 405.0, 10-20 min 430.0, 20-30 min 500.0');
  });

  it('has no slope for fewer than two points', () => {
    expect(slope([[0, 1]]).slope).toBeNaN();
  });
});
