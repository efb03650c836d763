import { describe, expect, it } from 'vitest';
import { evaluateThresholds, parseThreshold } from '../../load/thresholds.js';
import { sampleSummary } from './sample-summary.js';

describe('threshold parsing', () => {
  it('parses latency, transition, rate and count thresholds', () => {
    expect(parseThreshold('p99<100')).toEqual({ expression: 'p99<100', metric: 'p99', transition: undefined, operator: '<', value: 100 });
    expect(parseThreshold(' p95{PAYMENT_METHOD>PROCESSING} <= 50 ')).toMatchObject({ metric: 'p95', transition: 'PAYMENT_METHOD>PROCESSING', operator: '<=', value: 50 });
    expect(parseThreshold('error_rate<1%')).toMatchObject({ metric: 'error_rate', value: 0.01 });
    expect(parseThreshold('error_rate<0.02')).toMatchObject({ value: 0.02 });
    expect(parseThreshold('tx_rate>=200')).toMatchObject({ metric: 'tx_rate', operator: '>=', value: 200 });
    expect(parseThreshold('violations<1')).toMatchObject({ metric: 'violations' });
  });

  it.each(['p98<100', 'p99', 'p99<fast', 'tx_rate{AMOUNT_SELECT>KEYPAD}>1', 'p99<10%', 'avg<5', ''])('rejects %j', (text) => {
    expect(() => parseThreshold(text)).toThrow(/threshold/);
  });
});

describe('threshold evaluation', () => {
  const summary = sampleSummary();

  it('judges each metric against the summary', () => {
    const results = evaluateThresholds(['p99<13', 'p99<12', 'p50<=4', 'max<100', 'p95{PAYMENT_METHOD>PROCESSING}<3', 'error_rate<1%', 'error_rate<0.5%', 'tx_rate>40', 'violations<1'].map(parseThreshold), summary);
    expect(results.map((r) => [r.expression, r.actual, r.pass])).toEqual([
      ['p99<13', 12.5, true],
      ['p99<12', 12.5, false],
      ['p50<=4', 4, true],
      ['max<100', 80, true],
      ['p95{PAYMENT_METHOD>PROCESSING}<3', 2.5, true],
      ['error_rate<1%', 0.008, true],
      ['error_rate<0.5%', 0.008, false],
      ['tx_rate>40', 41.3, true],
      ['violations<1', 0, true],
    ]);
  });

  it('fails a latency threshold with nothing measured', () => {
    const [result] = evaluateThresholds([parseThreshold('p99{KEYPAD>PAYMENT_METHOD}<100')], summary);
    expect(result).toEqual({ expression: 'p99{KEYPAD>PAYMENT_METHOD}<100', actual: null, pass: false });
  });
});
