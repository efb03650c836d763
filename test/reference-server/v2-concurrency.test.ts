import { describe, expect, it } from 'vitest';
import { books, chooseAmount, useV2Server, type RawKiosk } from './v2-raw-kiosk.js';

const v2 = useV2Server();

/** `count` kiosks on PAYMENT_METHOD, each with the id its card payment runs under. */
async function ready(count: number, amount: number): Promise<Array<{ kiosk: RawKiosk; pid: string }>> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const { kiosk, id } = await v2.kiosk(`k-${i}`, i % 2 === 0 ? {} : { scenario: 'provider:nnsmart' });
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
    const server = await v2.start({ config: { dailyLimit: limit } });
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
