import { afterEach, describe, expect, it } from 'vitest';
import type { V2ReferenceServer } from '../../reference-server/v2/index.js';
import { books, chooseAmount, connected, RawKiosk, startV2 } from './v2-raw-kiosk.js';

let server: V2ReferenceServer | undefined;
const kiosks: RawKiosk[] = [];
afterEach(async () => {
  for (const k of kiosks.splice(0)) k.close();
  await server?.close();
  server = undefined;
});

/** `count` kiosks on PAYMENT_METHOD, each with the id its card payment runs under. */
async function ready(count: number, amount: number): Promise<Array<{ kiosk: RawKiosk; pid: string }>> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const { kiosk, id } = await connected(server!, `k-${i}`, i % 2 === 0 ? undefined : 'provider:nnsmart');
      kiosks.push(kiosk);
      return { kiosk, pid: await chooseAmount(kiosk, id, amount) };
    }),
  );
}

describe('V2-M-4: terminals checking one card at the same moment never exceed its limit', () => {
  it.each([
    [2, 60, 100, 1],
    [10, 30, 100, 3],
    [25, 20, 300, 15],
  ])('%i kiosks, %i each, limit %i: exactly %i approved', async (count, amount, limit, approvals) => {
    server = await startV2({ config: { dailyLimit: limit } });
    const all = await ready(count, amount);
    // Every CARD_CHECK_RESULT leaves before any answer comes back.
    for (const { kiosk, pid } of all) kiosk.cardCheck(pid, 'CARD-SHARED', amount);
    const answers = await Promise.all(all.map(({ kiosk, pid }) => kiosk.next((m) => m.messageType === 'LIMIT_CHECK_RESULT' && m.transactionId === pid)));
    expect(answers.filter((a) => a.screen === 'APPROVED')).toHaveLength(approvals);
    const card = await books<{ counted: number; reserved: number; spent: number }>(server, '/v2/cards/CARD-SHARED');
    // Approved ones reserve; rejected NNSmart sales were captured and count until their reversal (V2-M-8).
    const captured = answers.filter((a, i) => a.screen !== 'APPROVED' && i % 2 === 1).length;
    expect(card.reserved).toBe(approvals * amount);
    expect(card.reserved).toBeLessThanOrEqual(limit);
    expect(card.spent).toBe(captured * amount);
  });
});
