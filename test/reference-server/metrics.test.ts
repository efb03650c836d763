import { describe, expect, it } from 'vitest';
import { ServerMetrics } from '../../reference-server/metrics.js';
import { parsePrometheusText, sampleValue } from './prometheus-text.js';

describe('ServerMetrics: counters read at scrape time', () => {
  it('reports frames in and frames out by messageType as counted, on every scrape', async () => {
    const metrics = new ServerMetrics();
    metrics.messagesIn.inc();
    metrics.messagesIn.inc();
    metrics.messagesIn.inc();
    metrics.messagesOut.inc('SCREEN_CHANGE');
    metrics.messagesOut.inc('SCREEN_CHANGE');
    metrics.messagesOut.inc('ERROR');
    const first = await metrics.registry.metrics();
    expect(first).toMatch(/^paysock_messages_in_total 3$/m);
    expect(first).toMatch(/^paysock_messages_out_total\{messageType="SCREEN_CHANGE"\} 2$/m);
    expect(first).toMatch(/^paysock_messages_out_total\{messageType="ERROR"\} 1$/m);
    // A second scrape neither doubles nor loses what the first one read.
    metrics.messagesOut.inc('SCREEN_CHANGE');
    const second = await metrics.registry.metrics();
    expect(second).toMatch(/^paysock_messages_in_total 3$/m);
    expect(second).toMatch(/^paysock_messages_out_total\{messageType="SCREEN_CHANGE"\} 3$/m);
    expect(second).toMatch(/^paysock_messages_out_total\{messageType="ERROR"\} 1$/m);
  });

  it('writes text a Prometheus server accepts (the strict reader of the v2 metrics test, not regexes), with the counted values', async () => {
    const metrics = new ServerMetrics(true);
    metrics.messagesIn.inc();
    metrics.messagesOut.inc('SCREEN_CHANGE');
    metrics.transactions.inc({ outcome: 'SUCCESS' });
    metrics.actionLatency.observe(0.002);
    const samples = parsePrometheusText(await metrics.registry.metrics());
    expect(sampleValue(samples, 'paysock_messages_in_total')).toBe(1);
    expect(sampleValue(samples, 'paysock_messages_out_total', { messageType: 'SCREEN_CHANGE' })).toBe(1);
    expect(sampleValue(samples, 'paysock_transactions_total', { outcome: 'SUCCESS' })).toBe(1);
    expect(sampleValue(samples, 'paysock_action_to_screen_seconds_count')).toBe(1);
  });

  it('carries the process metrics only when asked (paysock serve asks; the API does not)', async () => {
    expect(await new ServerMetrics(true).registry.metrics()).toMatch(/^nodejs_heap_size_used_bytes \d+/m);
    expect(await new ServerMetrics().registry.metrics()).not.toMatch(/nodejs_heap_size_used_bytes/);
  });

  it('keeps each server instance on its own registry', async () => {
    const a = new ServerMetrics();
    const b = new ServerMetrics();
    a.messagesIn.inc();
    expect(await b.registry.metrics()).toMatch(/^paysock_messages_in_total 0$/m);
  });
});
