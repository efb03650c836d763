import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sale } from '../../reference-server/v2/books.js';
import type { V2ReferenceServer } from '../../reference-server/v2/index.js';
import { books, checkCard, chooseAmount, connected, RawKiosk, startV2 } from './v2-raw-kiosk.js';

const dirs: string[] = [];
const servers: V2ReferenceServer[] = [];
const kiosks: RawKiosk[] = [];
afterEach(async () => {
  for (const k of kiosks.splice(0)) k.close();
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('v2 books survive a server that dies (the one SQLite store, its group commit)', () => {
  it('a paid sale, an outcome-unknown sale and a reversal are all there when the store is reopened without a clean close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paysock-v2-durable-'));
    dirs.push(dir);
    const first = await startV2({ dataDir: dir, config: { dailyLimit: 100 } });
    servers.push(first);
    const a = await connected(first, 'k-a');
    kiosks.push(a.kiosk);
    const paid = await chooseAmount(a.kiosk, a.id, 40);
    await checkCard(a.kiosk, paid, 'CARD-D', 40);
    a.kiosk.paymentResult(paid, 'SUCCESS');
    await a.kiosk.screen('RECEIPT_QUESTION');
    a.kiosk.action('RESET', 'd0d0d0d0-0000-4000-8000-000000000001');
    const next = (await a.kiosk.screen('AMOUNT_SELECT')).transactionId;
    const open = await chooseAmount(a.kiosk, next, 50);
    // The answer leaves only after the commit (and its fsync) that holds the decision and the reservation.
    expect((await checkCard(a.kiosk, open, 'CARD-D', 50)).screen).toBe('APPROVED');
    a.kiosk.reversalResult({ transactionId: 'T-x', screen: 'SUCCESS', code: 'RECOVERY_REVERSED', requesterRef: 'RECOVERY_REVERSAL_T-x', originalRef: 'NN-1', originalTransactionId: 'T-x', reversalAmount: 20 });
    await a.kiosk.quietUntilReset();

    // A second server on the same folder while the first never closed its store: what a restart after kill -9 reads.
    const second = await startV2({ dataDir: dir, config: { dailyLimit: 100 } });
    servers.push(second);
    const sales = await books<Sale[]>(second, '/v2/sales');
    expect(sales.map((s) => [s.transactionId, s.state, s.amount])).toEqual([
      [paid, 'paid', 40],
      [open, 'outcome-unknown', 50],
      ['T-x', 'reversed', 20],
    ]);
    expect(await books(second, '/v2/cards/CARD-D')).toMatchObject({ spent: 40, reserved: 50, counted: 90 });

    // The reopened books go on deciding from what survived: 90 of 100 counted, so 20 more is over the limit.
    const b = await connected(second, 'k-b');
    kiosks.push(b.kiosk);
    const later = await chooseAmount(b.kiosk, b.id, 20);
    expect((await checkCard(b.kiosk, later, 'CARD-D', 20)).screen).toBe('REJECTED');
  });
});
