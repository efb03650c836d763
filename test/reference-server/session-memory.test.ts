import pino, { type Logger } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { defaultServerConfig } from '../../reference-server/api.js';
import type { Clock } from '../../reference-server/clock.js';
import type { ChargeDecision } from '../../reference-server/devices/payment-processor.js';
import { protocolRules } from '../../reference-server/action-rules.js';
import { firstChoices } from '../../reference-server/answers.js';
import { ServerMetrics } from '../../reference-server/metrics.js';
import type { Outlet } from '../../reference-server/outbound.js';
import { approve } from '../../reference-server/scenario.js';
import { Store } from '../../reference-server/store.js';
import { TerminalSession, type SessionContext } from '../../reference-server/terminal-session.js';

/**
 * Under churn of terminal ids most sessions in memory are of terminals that
 * left, waiting for eviction; what each holds is most of the server's heap.
 */

/** A session's context on a real in-memory store, counting the child loggers made. */
function context(): { ctx: SessionContext; children: () => number } {
  let made = 0;
  const logger = pino({ level: 'silent' });
  const counting = Object.create(logger) as Logger;
  counting.child = ((bindings: pino.Bindings) => {
    made++;
    return logger.child(bindings);
  }) as Logger['child'];
  const clock: Clock = { now: () => 1_000, setTimeout: () => undefined, clearTimeout: () => undefined };
  const ctx: SessionContext = {
    config: defaultServerConfig,
    store: new Store(':memory:'),
    rules: protocolRules,
    choices: firstChoices,
    processor: { charge: vi.fn(), outcome: vi.fn() } as unknown as SessionContext['processor'],
    printer: {} as SessionContext['printer'],
    logger: counting,
    metrics: new ServerMetrics(false),
    clock,
    newTransactionId: () => 'T-1',
  };
  return { ctx, children: () => made };
}

const outlet: Outlet = { send: () => undefined, scenario: approve, open: true };

describe('what a session holds', () => {
  it('keeps its logger only while a connection is attached', () => {
    const { ctx, children } = context();
    const session = new TerminalSession(ctx, 'K1');
    expect(children()).toBe(0);
    session.attach(outlet);
    expect(session.log).toBe(session.log);
    expect(children()).toBe(1);
    session.detach(outlet);
    // Away, each line gets a logger of its own, so the session waiting for eviction holds none.
    expect(session.log).not.toBe(session.log);
    expect(children()).toBe(3);
    expect(session.log.bindings()).toMatchObject({ terminalId: 'K1' });
  });

  it('holds no table of payments in flight once none is', async () => {
    const { ctx } = context();
    const session = new TerminalSession(ctx, 'K1');
    const payment = session.payment as unknown as { inFlight: Set<string> | undefined; quiet: boolean };
    expect([payment.quiet, payment.inFlight]).toEqual([true, undefined]);
    let answer: (decision: ChargeDecision) => void = () => undefined;
    vi.mocked(ctx.processor.charge).mockReturnValue(new Promise((resolve) => (answer = resolve)));
    ctx.store.createTransaction('T-1', 'K1', 1_000);
    ctx.store.updateTransaction('T-1', { amount: 20 }, 1_000);
    const charging = session.payment.charge('T-1', 20, 'DEBIT_CARD');
    expect(payment.quiet).toBe(false);
    expect(payment.inFlight).toEqual(new Set(['T-1']));
    answer('approved');
    await charging;
    expect([payment.quiet, payment.inFlight]).toEqual([true, undefined]);
    ctx.store.close();
  });
});
