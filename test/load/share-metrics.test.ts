import { describe, expect, it } from 'vitest';
import { addCounts, histogramCounts, newHistogram, ShareMetrics } from '../../load/driver/share-metrics.js';

describe('latency histograms between a share and the run', () => {
  it('histogramCounts -> addCounts merges like adding the histograms (count and percentiles exact, max within the precision)', () => {
    const a = newHistogram();
    const b = newHistogram();
    for (let i = 1; i <= 5_000; i++) a.recordValue(i * 37);
    for (let i = 1; i <= 300; i++) b.recordValue(1_000_000 + i * 9_999);
    const direct = newHistogram();
    direct.add(a);
    direct.add(b);
    const replayed = newHistogram();
    addCounts(replayed, histogramCounts(a));
    addCounts(replayed, histogramCounts(b));
    expect(replayed.totalCount).toBe(5_300);
    for (const p of [50, 90, 95, 99, 99.9]) expect(replayed.getValueAtPercentile(p)).toBe(direct.getValueAtPercentile(p));
    // Buckets, not exact values, cross the thread boundary (as with the compressed HDR encoding before): the max is
    // the top of its bucket, within the 3 significant digits.
    expect(replayed.maxValue).toBeGreaterThanOrEqual(direct.maxValue);
    expect(replayed.maxValue).toBeLessThanOrEqual(direct.maxValue * 1.001);
  });

  it('an empty histogram crosses as no counts', () => {
    expect(histogramCounts(newHistogram())).toEqual([]);
  });

  it('a share reports the last second in its tick and every transition in its final report', () => {
    const metrics = new ShareMetrics();
    metrics.transition('AMOUNT_SELECT>PAYMENT_METHOD', 2.5);
    metrics.transition('PAYMENT_METHOD>PROCESSING', 40);
    const tick = metrics.tick();
    const window = newHistogram();
    addCounts(window, tick.histogram);
    expect(window.totalCount).toBe(2);
    expect(metrics.tick().histogram).toEqual([]);
    const final = metrics.final();
    const overall = newHistogram();
    addCounts(overall, final.overall);
    expect(overall.totalCount).toBe(2);
    expect(Math.round(overall.maxValue / 1000)).toBe(40);
    expect(Object.keys(final.transitions).sort()).toEqual(['AMOUNT_SELECT>PAYMENT_METHOD', 'PAYMENT_METHOD>PROCESSING']);
  });
});
