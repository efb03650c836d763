import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/program.js';
import { runLoad } from '../../load/driver/run.js';
import type { DriverOptions } from '../../load/driver/options.js';
import type { LoadSummary } from '../../load/summary.js';
import { loadSummaryProblem } from '../../load/read-summary.js';
import { parseJourneySpec } from '../../load/terminal/journey.js';
import { startReferenceServer, type ReferenceServer } from '../../reference-server/index.js';

// 50 tokens, each one terminal id on the server (AUTH-2), as `paysock serve --auth tokens --tokens-file` reads them.
const tokenMap: Record<string, string> = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`tok-${i}-${Math.random().toString(36).slice(2, 8)}`, `auth-kiosk-${i}`]));
const tokens = Object.keys(tokenMap);
let server: ReferenceServer;
let limited: ReferenceServer;

beforeAll(async () => {
  const base = { host: '127.0.0.1', port: 0, auth: { mode: 'tokens' as const, tokens: tokenMap } };
  server = await startReferenceServer({ ...base, config: { stepDelayMs: 20, processingMs: 20, dailyLimit: 1_000_000 } });
  // Three 20s a day: the preset journey runs out of daily limit (FLOW-6) within the run.
  limited = await startReferenceServer({ ...base, config: { stepDelayMs: 10, processingMs: 10, dailyLimit: 60 } });
});

afterAll(async () => {
  await Promise.all([server.close(), limited.close()]);
});

function options(overrides: Partial<DriverOptions>): DriverOptions {
  return {
    url: server.url, terminals: 50, rampUpMs: 500, durationMs: 3_000, thinkTime: { minMs: 10, maxMs: 50 }, journeySpec: 'preset', journeys: parseJourneySpec('preset'),
    transactionIds: 'initial', workers: 1, sourceAddresses: [], terminalIdPrefix: 'auth-', testScenario: undefined, dropRate: 0,
    answerTimeoutMs: 10_000, stallTimeoutMs: 30_000, maxConcurrentConnects: 64, tokens, ...overrides,
  };
}

/** Runs a load and samples the server's open connections meanwhile. */
async function runWatching(target: ReferenceServer, o: DriverOptions): Promise<{ summary: Awaited<ReturnType<typeof runLoad>>; peakConnections: number; connectionsAtEnd: number }> {
  let peakConnections = 0;
  let connectionsAtEnd = 0;
  const sampler = setInterval(() => (peakConnections = Math.max(peakConnections, target.connections())), 50);
  try {
    // The last sample before the closing drain: which terminals were still connected at the end of the run.
    const atEnd = setTimeout(() => (connectionsAtEnd = target.connections()), o.durationMs - 200);
    const summary = await runLoad(o);
    clearTimeout(atEnd);
    return { summary, peakConnections, connectionsAtEnd };
  } finally {
    clearInterval(sampler);
  }
}

async function cli(argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await main(argv), stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('paysock load with bearer tokens (AUTH-2)', () => {
  it('50 terminals, each with its own token: all authenticated, transactions complete, no violations', async () => {
    const { summary, peakConnections } = await runWatching(server, options({}));
    expect(summary.protocolViolations).toEqual({ total: 0, byKind: {}, samples: [] });
    expect(summary.transactions.completed).toBeGreaterThan(0);
    expect(summary.transactions.failedByReason).toEqual({});
    expect(summary.terminals.peakActive).toBe(50);
    // The server let in 50 connections at once, and refused none: every terminal's token was accepted.
    expect(peakConnections).toBe(50);
    expect(Object.keys(summary.errors).filter((k) => k.startsWith('http-') || k === 'connect-failed')).toEqual([]);
  });

  it('a token the server does not know shows up as http-401 errors, and the run still ends on time', async () => {
    const { summary, peakConnections } = await runWatching(server, options({ terminals: 3, durationMs: 2_500, rampUpMs: 0, tokens: [tokens[0]!, 'not-a-known-token', tokens[1]!] }));
    expect(summary.errors['http-401']).toBeGreaterThan(0);
    expect(summary.terminals.peakActive).toBe(2);
    expect(peakConnections).toBe(2);
    expect(summary.transactions.completed).toBeGreaterThan(0);
    expect(summary.protocolViolations.total).toBe(0);
  });

  it('out of daily limit: daily-limit-reached is recorded, the terminal keeps its token and stays connected', async () => {
    const { summary, connectionsAtEnd } = await runWatching(limited, options({ url: limited.url, terminals: 5, durationMs: 4_000, rampUpMs: 0, thinkTime: { minMs: 5, maxMs: 10 }, tokens: tokens.slice(0, 5) }));
    // Once per terminal at most: a terminal that kept reconnecting on its used-up token would count it every cycle.
    const reached = summary.errors['daily-limit-reached'] ?? 0;
    expect(reached).toBeGreaterThanOrEqual(1);
    expect(reached).toBeLessThanOrEqual(5);
    // Three payments of 20 per terminal id (FLOW-6); no fresh id was invented to get more.
    expect(summary.transactions.completed).toBeGreaterThanOrEqual(3 * reached);
    expect(summary.transactions.completed).toBeLessThanOrEqual(15);
    expect(summary.transactions.failed).toBe(0);
    expect(summary.protocolViolations.total).toBe(0);
    expect(Object.keys(summary.errors).filter((k) => k.startsWith('http-'))).toEqual([]);
    expect(connectionsAtEnd).toBe(5);
  });

  it('the CLI reads the reference server\'s own tokens file and sends the tokens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paysock-tokens-'));
    writeFileSync(join(dir, 'tokens.json'), JSON.stringify(tokenMap));
    const { code } = await cli(['load', server.url, '--terminals', '5', '--duration', '1500ms', '--think-time', '10ms', '--tokens-file', join(dir, 'tokens.json'), '--out', dir]);
    const summary = JSON.parse(readFileSync(join(dir, 'load-summary.json'), 'utf8')) as LoadSummary;
    expect(code).toBe(0);
    expect(loadSummaryProblem(summary)).toBeUndefined();
    expect(summary.errors['http-401']).toBeUndefined();
    expect(summary.terminals.peakActive).toBe(5);
    expect(summary.transactions.completed).toBeGreaterThan(0);
  });

  it('a tokens file with fewer tokens than terminals is a usage error (exit 2, one line naming the counts)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paysock-tokens-'));
    const file = join(dir, 'tokens.json');
    writeFileSync(file, JSON.stringify(tokens.slice(0, 3)));
    const { code, stderr } = await cli(['load', server.url, '--terminals', '5', '--duration', '1s', '--tokens-file', file]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('holds 3 tokens, fewer than --terminals 5');
  });

  it.each([
    ['not JSON', 'tokens: ['],
    ['a number', '42'],
  ])('a tokens file that is %s is a usage error (exit 2)', async (_what, text) => {
    const file = join(mkdtempSync(join(tmpdir(), 'paysock-tokens-')), 'tokens.json');
    writeFileSync(file, text);
    expect((await cli(['load', server.url, '--terminals', '1', '--duration', '1s', '--tokens-file', file])).code).toBe(2);
  });

  it('a missing tokens file is a usage error (exit 2)', async () => {
    expect((await cli(['load', server.url, '--terminals', '1', '--duration', '1s', '--tokens-file', join(tmpdir(), 'paysock-no-such-tokens.json')])).code).toBe(2);
  });
});
