import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { advance, closedOnServer, fakeClock, useReferenceServer } from './terminal-client.js';

/*
 * The short version of bench/soak.ts (an hour of 2,000 terminals with id churn,
 * RSS and its slope per minute): the same churn counted in terminals, not in
 * minutes, on a fake clock. What makes RSS flat under churn is that nothing
 * of a terminal that left stays in memory once its linger is over; this
 * checks it for hundreds of terminal ids that each paid, with the payments
 * all in the store. Memory itself is the bench's to measure.
 */
const reference = useReferenceServer();
const LINGER = 60_000;
const TERMINALS = 400;
const AT_ONCE = 40;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('soak, short: terminal ids come, pay and leave for good', () => {
  it(`${TERMINALS} terminal ids, ${AT_ONCE} at a time, each paying once: every payment is in the store and no session outlives its linger`, async () => {
    fakeClock();
    const dataDir = mkdtempSync(join(tmpdir(), 'paysock-soak-test-'));
    dirs.push(dataDir);
    const server = await reference.start({ dataDir, sessionLingerMs: LINGER, config: { stepDelayMs: 0, processingMs: 0 } });
    for (let wave = 0; wave < TERMINALS / AT_ONCE; wave++) {
      await Promise.all(
        Array.from({ length: AT_ONCE }, async (_, i) => {
          const t = await reference.connect({ terminalId: `soak-${wave}-${i}`, awaitScreen: 'AMOUNT_SELECT' });
          t.act('AMOUNT_SELECT', { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }, 'initial');
          const pm = await t.screen('PAYMENT_METHOD');
          t.act('PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }, pm.transactionId);
          await t.until('THANK_YOU');
          const back = await t.until('AMOUNT_SELECT');
          expect(back.transactionId).toBe('initial');
          t.close();
        }),
      );
      await closedOnServer(server);
      // Each wave's sessions leave while the next waves come (the soak's churn).
      await advance(LINGER / 4);
    }
    expect(server.sessions()).toBeGreaterThan(0);
    await advance(2 * LINGER);
    expect(server.sessions()).toBe(0);
    expect(server.connections()).toBe(0);
    const reader = new Database(join(dataDir, 'paysock.sqlite'), { readonly: true });
    try {
      expect(reader.prepare("SELECT COUNT(*) FROM payments WHERE status = 'approved'").pluck().get()).toBe(TERMINALS);
      expect(reader.prepare("SELECT COUNT(*) FROM payments WHERE status = 'pending'").pluck().get()).toBe(0);
    } finally {
      reader.close();
    }
  }, 60_000);
});
