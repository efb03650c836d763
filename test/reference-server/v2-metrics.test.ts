import { describe, expect, it } from 'vitest';
import type { V2ReferenceServer, V2ServerOptions } from '../../reference-server/v2/index.js';
import { parsePrometheusText, sampleValue, type Sample } from './prometheus-text.js';
import { checkCard, chooseAmount, useV2Server, type RawKiosk } from './v2-raw-kiosk.js';

// GET /metrics of the v2 server (docs/reference-server-v2.md, Metrics): what a scrape shows after kiosks
// played a sale, a rejection, a reversal and a repeated result, read with a strict exposition parser.

const v2 = useV2Server();
const start = (options: V2ServerOptions = {}): Promise<V2ReferenceServer> => v2.start(options);
const kiosk = (terminalId: string): Promise<{ kiosk: RawKiosk; id: string }> => v2.kiosk(terminalId);

/** One scrape, parsed; the response must be Prometheus text 0.0.4. */
async function scrape(): Promise<Sample[]> {
  const res = await fetch(`${v2.server.httpUrl}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await res.text());
}

/** Scrapes until `check` holds (the server counts a frame after its turn commits; the kiosk may see the answer first). */
async function scrapeUntil(check: (samples: Sample[]) => void): Promise<Sample[]> {
  const deadline = Date.now() + 3_000;
  for (;;) {
    const samples = await scrape();
    try {
      check(samples);
      return samples;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

const v = sampleValue;

describe('v2 /metrics', () => {
  it('a scrape after a sale, a rejection, a reversal and a repeated SUCCESS shows each count, in valid exposition text', async () => {
    await start({ config: { dailyLimit: 100 } });
    const a = await kiosk('k-a');
    const pid = await chooseAmount(a.kiosk, a.id, 60);
    expect((await checkCard(a.kiosk, pid, 'CARD-METRICS', 60)).screen).toBe('APPROVED');
    // APPROVED sent, no PAYMENT_RESULT yet: an open unknown outcome (V2-M-7).
    await scrapeUntil((s) => expect(v(s, 'paysock_v2_unknown_outcomes')).toBe(1));
    const success = a.kiosk.paymentResult(pid, 'SUCCESS');
    await a.kiosk.screen('RECEIPT_QUESTION');
    // The same key with another timestamp: an anomaly row, the sale flagged (V2-M-6).
    a.kiosk.sendText(success.replace(/"timestamp": \d+/, `"timestamp": ${Date.now() + 1_000}`));
    // Over the card's limit of 100 on a second kiosk: rejected.
    const b = await kiosk('k-b');
    const bid = await chooseAmount(b.kiosk, b.id, 60);
    expect((await checkCard(b.kiosk, bid, 'CARD-METRICS', 60)).screen).toBe('REJECTED');
    a.kiosk.reversalResult({ transactionId: `REVERSAL_${pid}`, screen: 'SUCCESS', code: 'A', requesterRef: `REVERSAL_${pid}`, originalRef: pid, originalTransactionId: pid, reversalAmount: 60 });
    a.kiosk.keepalive();

    const s = await scrapeUntil((samples) => expect(v(samples, 'paysock_v2_reversal_results_total', { effect: 'reversed' })).toBe(1));
    expect(v(s, 'paysock_v2_open_connections')).toBe(2);
    expect(v(s, 'paysock_v2_unknown_outcomes')).toBe(0);
    expect(v(s, 'paysock_v2_card_checks_total', { verdict: 'APPROVED' })).toBe(1);
    expect(v(s, 'paysock_v2_card_checks_total', { verdict: 'REJECTED' })).toBe(1);
    expect(v(s, 'paysock_v2_payment_results_total', { screen: 'SUCCESS', recorded: 'first' })).toBe(1);
    expect(v(s, 'paysock_v2_payment_results_total', { screen: 'SUCCESS', recorded: 'anomaly' })).toBe(1);
    expect(v(s, 'paysock_v2_flagged_sales', { flag: 'payment-result-anomaly' })).toBe(1);
    expect(v(s, 'paysock_v2_frames_in_total', { messageType: 'USER_ACTION' })).toBe(2);
    expect(v(s, 'paysock_v2_frames_in_total', { messageType: 'CARD_CHECK_RESULT' })).toBe(2);
    expect(v(s, 'paysock_v2_frames_in_total', { messageType: 'PAYMENT_RESULT' })).toBe(2);
    expect(v(s, 'paysock_v2_frames_in_total', { messageType: 'REVERSAL_RESULT' })).toBe(1);
    expect(v(s, 'paysock_v2_frames_in_total', { messageType: 'keepalive' })).toBe(1);
    expect(v(s, 'paysock_v2_frames_out_total', { messageType: 'DEVICE_INFO' })).toBe(2);
    expect(v(s, 'paysock_v2_frames_out_total', { messageType: 'LIMIT_CHECK_RESULT' })).toBe(2);
    // AMOUNT_SELECT twice, PAYMENT_METHOD twice, RECEIPT_QUESTION once.
    expect(v(s, 'paysock_v2_frames_out_total', { messageType: 'SCREEN_CHANGE' })).toBe(5);
    // A correct server sends no ERROR (V2-ERR-1): the counter has no series.
    expect(s.filter((x) => x.name === 'paysock_v2_errors_sent_total')).toEqual([]);
    // The process's own metrics only when asked (paysock serve asks).
    expect(s.some((x) => x.name === 'nodejs_heap_size_used_bytes')).toBe(false);

    a.kiosk.close();
    await scrapeUntil((samples) => expect(v(samples, 'paysock_v2_open_connections')).toBe(1));
  });

  it('counts the ERRORs a faulty server sends, by errorCode', async () => {
    await start({ faults: ['v2-unparsed-frame-error'] });
    const a = await kiosk('k-a');
    a.kiosk.sendText('{"messageType": "PAYMENT_RESULT", "screen": "FAILED", "data": {"errorMessage": "say "no""}, "transactionId": "x", "timestamp": 1}');
    await a.kiosk.type('ERROR');
    const s = await scrapeUntil((samples) => expect(v(samples, 'paysock_v2_errors_sent_total', { errorCode: 'INVALID_MESSAGE' })).toBe(1));
    expect(v(s, 'paysock_v2_frames_in_total', { messageType: 'unparsed' })).toBe(1);
    expect(v(s, 'paysock_v2_frames_out_total', { messageType: 'ERROR' })).toBe(1);
  });

  it('carries the process metrics with processMetrics, as v1', async () => {
    await start({ processMetrics: true });
    const s = await scrape();
    expect(v(s, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(v(s, 'paysock_v2_open_connections')).toBe(0);
  });

  it('the exposition parser refuses what Prometheus refuses (so the scrapes above can fail)', () => {
    const ok = '# HELP a_total a\n# TYPE a_total counter\na_total{x="1"} 3\n';
    expect(parsePrometheusText(ok)).toEqual([{ name: 'a_total', labels: { x: '1' }, value: 3 }]);
    for (const bad of [
      '# TYPE a_total counter\na_total{x=1} 3\n',
      '# TYPE a_total counter\na_total abc\n',
      '# TYPE a-b gauge\na-b 1\n',
      'a_total 1\n',
      '# TYPE a gauge\na 1\n# TYPE a gauge\n',
      '# TYPE a gauge\na{x="1"} 1\na{x="1"} 2\n',
    ]) expect(() => parsePrometheusText(bad), bad).toThrow();
  });
});
