import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Sale } from '../../reference-server/v2/books.js';
import { v2FaultNames, type V2FaultName, type V2ReferenceServer } from '../../reference-server/v2/index.js';
import { DEV_PAR } from '../../reference-server/v2/limit-rules.js';
import { books, checkCard, chooseAmount, connected, control, RawKiosk, startV2 } from './v2-raw-kiosk.js';
import { eventually, KioskOnServer, kiosksOn, type Provider } from './v2-virtual-kiosk.js';

// Each money rule M1..M15 of pinto-android-2.md §6 that the v2 backend keeps: a scenario that checks it,
// run on a correct server (it holds) and on a server with the rule's fault (it fails): the test fails
// without the rule. Where a d540407 kiosk can play the scenario, kiosk-v2's VirtualKiosk plays it
// (v2-virtual-kiosk.ts); raw frames only where the scenario needs what no d540407 kiosk sends (a repeated
// or reused frame, an exact moment between two frames, a fake server clock).

let server: V2ReferenceServer | undefined;
const kiosks: RawKiosk[] = [];
const virtual: KioskOnServer[] = [];
afterEach(async () => {
  for (const k of kiosks.splice(0)) k.close();
  for (const k of virtual.splice(0)) k.close();
  await server?.close();
  server = undefined;
  vi.useRealTimers();
});

type Setup = { faults: V2FaultName[] };

async function start(setup: Setup, config: Record<string, unknown> = {}): Promise<V2ReferenceServer> {
  server = await startV2({ faults: setup.faults, config });
  return server;
}

async function kiosk(terminalId: string, scenario?: string): Promise<{ kiosk: RawKiosk; id: string }> {
  const k = await connected(server!, terminalId, scenario);
  kiosks.push(k.kiosk);
  return k;
}

/** A full Integra sale up to its PAYMENT_RESULT; returns the transaction id. */
async function pay(k: RawKiosk, id: string, card: string, amount: number): Promise<string> {
  const pid = await chooseAmount(k, id, amount);
  const answer = await checkCard(k, pid, card, amount);
  expect(answer.screen).toBe('APPROVED');
  k.paymentResult(pid, 'SUCCESS');
  return pid;
}

/** After a paid sale: the receipt question, a RESET (under `resetId`) back to AMOUNT_SELECT, and the next sale's amount; its id. */
async function nextSale(k: RawKiosk, resetId: string, amount: number): Promise<string> {
  await k.screen('RECEIPT_QUESTION');
  k.action('RESET', resetId);
  return chooseAmount(k, (await k.screen('AMOUNT_SELECT')).transactionId, amount);
}

/** A server, kiosk k-a and one paid Integra sale on `card`; returns the kiosk and the sale's transaction id. */
async function paidOnKioskA(setup: Setup, card: string, amount: number): Promise<{ a: { kiosk: RawKiosk; id: string }; pid: string }> {
  await start(setup);
  const a = await kiosk('k-a');
  return { a, pid: await pay(a.kiosk, a.id, card, amount) };
}

/** The kiosk's successful ticket-recovery K8a for sale `pid` (RECOVERY_TICKET_REVERSAL_<T>, §3.2.2). */
const ticketRecovery = (pid: string, code: string, amount: number) =>
  ({ transactionId: pid, screen: 'SUCCESS' as const, code, requesterRef: `RECOVERY_TICKET_REVERSAL_${pid}`, originalRef: pid, originalTransactionId: pid, reversalAmount: amount });

/** Virtual kiosks (d540407) of the given providers, each ready on its first AMOUNT_SELECT. */
async function virtualKiosks(...providers: Provider[]): Promise<KioskOnServer[]> {
  const all = await kiosksOn(server!, providers.map((provider) => ({ provider })));
  virtual.push(...all);
  return all;
}

const salesOf = async (state?: string): Promise<Sale[]> => books<Sale[]>(server!, state ? `/v2/sales?state=${state}` : '/v2/sales');
const cardOf = async (card: string): Promise<{ spent: number; reserved: number; counted: number }> => books(server!, `/v2/cards/${encodeURIComponent(card)}`);

const scenarios: Record<V2FaultName, { rule: string; run: (setup: Setup) => Promise<void> }> = {
  'v2-no-card-limit': {
    rule: 'M1: the daily limit is per card, checked at LIMIT_CHECK time, across kiosks',
    async run(setup) {
      await start(setup, { dailyLimit: 100 });
      const [a, b] = await virtualKiosks('integra', 'nnsmart');
      a!.terminal.defaultToken = 'CARD-M1';
      b!.terminal.defaultPar = 'CARD-M1';
      await a!.pay(80);
      await b!.pay(40, 'LIMIT_ERROR');
      expect(b!.got('LIMIT_CHECK_RESULT')[0]?.screen).toBe('REJECTED');
    },
  },
  'v2-capture-not-recorded': {
    rule: 'M2: an NNSmart CARD_CHECK_RESULT is recorded as captured before it is answered',
    async run(setup) {
      await start(setup);
      const a = await kiosk('k-a', 'provider:nnsmart');
      const pid = await chooseAmount(a.kiosk, a.id, 40);
      expect((await checkCard(a.kiosk, pid, 'CARD-M2', 40)).screen).toBe('APPROVED');
      const [sale] = await salesOf();
      expect(sale).toMatchObject({ transactionId: pid, captured: true, state: 'outcome-unknown', amount: 40, card: 'CARD-M2' });
    },
  },
  'v2-card-check-answered-twice': {
    rule: 'M3: exactly one LIMIT_CHECK_RESULT per CARD_CHECK_RESULT, with its id; a duplicate is not answered again',
    async run(setup) {
      await start(setup);
      const a = await kiosk('k-a');
      const pid = await chooseAmount(a.kiosk, a.id, 40);
      await checkCard(a.kiosk, pid, 'CARD-M3', 40);
      a.kiosk.cardCheck(pid, 'CARD-M3', 40);
      await a.kiosk.quietUntilReset();
      expect(a.kiosk.all('LIMIT_CHECK_RESULT').map((m) => m.transactionId)).toEqual([pid]);
    },
  },
  'v2-no-reservation': {
    rule: 'M4: an approved amount is reserved at approval: two kiosks checking one card never exceed its limit',
    async run(setup) {
      await start(setup, { dailyLimit: 100 });
      const a = await kiosk('k-a');
      const b = await kiosk('k-b');
      const pa = await chooseAmount(a.kiosk, a.id, 60);
      const pb = await chooseAmount(b.kiosk, b.id, 60);
      expect((await checkCard(a.kiosk, pa, 'CARD-M4', 60)).screen).toBe('APPROVED');
      expect((await checkCard(b.kiosk, pb, 'CARD-M4', 60)).screen).toBe('REJECTED');
      expect(await cardOf('CARD-M4')).toMatchObject({ reserved: 60, spent: 0 });
    },
  },
  'v2-tokenless-aggregated': {
    rule: 'M5: "null" and the dev PAR are never aggregated as one card',
    async run(setup) {
      await start(setup, { dailyLimit: 100 });
      // An Integra terminal that returns no token makes the kiosk send "null"; an NNSmart one without a PAR, the dev PAR.
      const four = await virtualKiosks('integra', 'integra', 'nnsmart', 'nnsmart');
      for (const k of four) {
        k.terminal.cardChecks.push({ outcome: 'approve', token: null });
        k.terminal.nnsmartSales.push({ outcome: 'approve', par: null });
      }
      await Promise.all(four.map((k) => k.pay(80)));
      expect(four.flatMap((k) => k.of('CARD_CHECK_RESULT').map((f) => (f.data as { cardToken: string }).cardToken)).sort()).toEqual(['null', 'null', DEV_PAR, DEV_PAR].sort());
      expect(four.map((k) => k.got('LIMIT_CHECK_RESULT')[0]?.screen)).toEqual(['APPROVED', 'APPROVED', 'APPROVED', 'APPROVED']);
      const all = await books<{ cards: unknown[] }>(server!);
      expect(all.cards).toEqual([]);
      expect((await salesOf()).every((s) => s.card === null && s.flags.includes('tokenless'))).toBe(true);
    },
  },
  'v2-payment-result-rebooked': {
    rule: 'M6: PAYMENT_RESULT is recorded once; an identical repeat is a no-op, another SUCCESS with the same key an anomaly',
    async run(setup) {
      await start(setup);
      const a = await kiosk('k-a');
      const pid = await chooseAmount(a.kiosk, a.id, 50);
      await checkCard(a.kiosk, pid, 'CARD-M6', 50);
      const first = a.kiosk.paymentResult(pid, 'SUCCESS', 1_800_000_000_000);
      a.kiosk.sendText(first);
      a.kiosk.paymentResult(pid, 'SUCCESS', 1_800_000_000_500);
      await a.kiosk.quietUntilReset();
      const results = await books<{ paymentResults: Array<{ anomaly: boolean }> }>(server!);
      expect(results.paymentResults.map((r) => r.anomaly)).toEqual([false, true]);
      expect(await cardOf('CARD-M6')).toMatchObject({ spent: 50, reserved: 0 });
      expect((await salesOf())[0]?.flags).toContain('payment-result-anomaly');
    },
  },
  'v2-reset-fails-open-sale': {
    rule: 'M7: after APPROVED without a PAYMENT_RESULT the sale stays reserved and listed as outcome unknown',
    async run(setup) {
      await start(setup);
      // The sale throws on the terminal after APPROVED: the kiosk shows FAILED, sends no PAYMENT_RESULT and RESETs after 4 s
      // (§5d step 7): the card may have been charged.
      const [a] = await virtualKiosks('integra');
      a!.terminal.defaultToken = 'CARD-M7';
      a!.terminal.sales.push({ outcome: 'throw', message: 'terminal link lost' });
      await a!.pay(60, 'FAILED');
      await a!.hasSent('USER_ACTION', 'RESET');
      await a!.until('AMOUNT_SELECT after the RESET', () => a!.got('SCREEN_CHANGE', 'AMOUNT_SELECT').length === 2);
      expect(a!.of('PAYMENT_RESULT')).toEqual([]);
      const unknown = await salesOf('outcome-unknown');
      expect(unknown.map((s) => s.transactionId)).toEqual([a!.got('LIMIT_CHECK_RESULT')[0]?.transactionId]);
      expect(await cardOf('CARD-M7')).toMatchObject({ reserved: 60 });
    },
  },
  'v2-reversed-sale-still-counted': {
    rule: 'M8: a reversed sale no longer counts against the card',
    async run(setup) {
      await start(setup, { dailyLimit: 100 });
      const a = await kiosk('k-a', 'provider:nnsmart');
      const paid = await pay(a.kiosk, a.id, 'CARD-M8', 80);
      const pid = await nextSale(a.kiosk, 'c0ffee00-0000-4000-8000-000000000001', 40);
      expect((await checkCard(a.kiosk, pid, 'CARD-M8', 40)).screen).toBe('REJECTED');
      expect(await cardOf('CARD-M8')).toMatchObject({ counted: 120 });
      a.kiosk.reversalResult({ transactionId: pid, screen: 'SUCCESS', code: 'LIMIT_REVERSED', requesterRef: `REVERSAL_${pid}`, originalRef: 'NN-123', originalTransactionId: pid, reversalAmount: 40 });
      await a.kiosk.quietUntilReset();
      expect(await cardOf('CARD-M8')).toMatchObject({ counted: 80 });
      expect((await salesOf('reversed')).map((s) => s.transactionId)).toEqual([pid]);
      expect(paid).not.toBe(pid);
    },
  },
  'v2-card-total-drift': {
    rule: "M4, M8: a card's total (spent + reserved) is the sum of its counting sales: a failed sale leaves it",
    async run(setup) {
      await start(setup);
      const a = await kiosk('k-a');
      const paid = await pay(a.kiosk, a.id, 'CARD-M4-TOTAL', 70);
      const failed = await nextSale(a.kiosk, 'c0ffee00-0000-4000-8000-000000000002', 40);
      expect((await checkCard(a.kiosk, failed, 'CARD-M4-TOTAL', 40)).screen).toBe('APPROVED');
      a.kiosk.paymentResult(failed, 'FAILED');
      await a.kiosk.quietUntilReset();
      expect((await salesOf()).map((s) => [s.transactionId, s.state])).toEqual([[paid, 'paid'], [failed, 'failed']]);
      expect(await cardOf('CARD-M4-TOTAL')).toMatchObject({ spent: 70, reserved: 0, counted: 70 });
      const all = await books<{ cards: Array<{ card: string; spent: number; counted: number }> }>(server!);
      expect(all.cards.filter((c) => c.card === 'CARD-M4-TOTAL').map((c) => [c.spent, c.counted])).toEqual([[70, 70]]);
    },
  },
  'v2-unknown-reversal-refused': {
    rule: 'M9: a reversal result for an unknown sale is recorded and flagged, never answered with ERROR',
    async run(setup) {
      await start(setup);
      const a = await kiosk('k-a');
      a.kiosk.reversalResult({ transactionId: 'T-lost', screen: 'SUCCESS', code: 'RECOVERY_REVERSED', requesterRef: 'RECOVERY_REVERSAL_T-lost', originalRef: 'NN-9', originalTransactionId: 'T-lost', reversalAmount: 61 });
      const before = await a.kiosk.quietUntilReset();
      expect(before.filter((m) => m.messageType === 'ERROR')).toEqual([]);
      const [sale] = await salesOf();
      expect(sale).toMatchObject({ transactionId: 'T-lost', amount: 61, state: 'reversed', terminalRef: 'NN-9' });
      expect(sale?.flags).toContain('unknown-sale');
    },
  },
  'v2-later-reversal-result-wins': {
    rule: 'M10: reversal results are idempotent and any success wins: a later failure does not revive the sale',
    async run(setup) {
      const { a, pid } = await paidOnKioskA(setup, 'CARD-M10', 50);
      const ticket = ticketRecovery(pid, 'A', 50);
      a.kiosk.reversalResult(ticket);
      a.kiosk.reversalResult(ticket);
      a.kiosk.reversalResult({ transactionId: 'R-1', screen: 'FAILED', code: 'REVERSAL_FAILED', requesterRef: 'REVERSAL_R-1', originalRef: pid, originalTransactionId: pid, reversalAmount: 50 });
      await a.kiosk.quietUntilReset();
      const reversals = await books<Array<{ key: string; repeats: number }>>(server!, '/v2/reversals');
      expect(reversals.map((r) => r.repeats)).toEqual([1, 0]);
      expect((await salesOf())[0]).toMatchObject({ state: 'reversed', counts: false });
      expect(await cardOf('CARD-M10')).toMatchObject({ counted: 0 });
    },
  },
  'v2-reversal-request-any-sale': {
    rule: "M11: a reversal request only for the kiosk's most recent sale, on its current connection",
    async run(setup) {
      await start(setup);
      const a = await kiosk('k-a');
      await pay(a.kiosk, a.id, 'CARD-M11', 20);
      await a.kiosk.screen('RECEIPT_QUESTION');
      a.kiosk.action('RESET', 'c0ffee00-0000-4000-8000-000000000002');
      const again = (await a.kiosk.screen('AMOUNT_SELECT')).transactionId;
      const second = await pay(a.kiosk, again, 'CARD-M11', 40);
      await a.kiosk.screen('RECEIPT_QUESTION');
      const [first] = await salesOf();
      expect((await control(server!, 'k-a', 'reversal-request', { saleNo: first!.saleNo })).status).toBe(409);
      const sent = await control(server!, 'k-a', 'reversal-request');
      expect(sent.status).toBe(202);
      const request = await a.kiosk.type('REVERSAL_REQUEST');
      expect(request.data).toMatchObject({ originalTransactionId: second, reversalAmount: 40 });
      expect(a.kiosk.all('REVERSAL_REQUEST')).toHaveLength(1);
    },
  },
  'v2-restart-holding-sale': {
    rule: 'M12: no RESTART_APP between a successful sale and COLLECT_TICKET',
    async run(setup) {
      await start(setup);
      const [a] = await virtualKiosks('nnsmart');
      await a!.pay(20);
      expect((await control(server!, a!.kioskId, 'restart')).status).toBe(409);
      a!.kiosk.answerReceipt(true);
      await a!.until('the next cycle', () => a!.got('SCREEN_CHANGE', 'AMOUNT_SELECT').length === 2);
      expect(a!.got('RESTART_APP')).toEqual([]);
      expect((await control(server!, a!.kioskId, 'restart')).status).toBe(202);
      await a!.until('the relaunched app', () => a!.launches === 2);
    },
  },
  'v2-idle-timeout-during-payment': {
    rule: 'M13: no ERROR, FAILED or AMOUNT_SELECT while a card payment may run (no idle timer)',
    async run(setup) {
      const a = await tenMinutesLater(setup, async (k) => {
        await chooseAmount(k.kiosk, k.id, 20);
      });
      await new Promise((resolve) => setImmediate(resolve));
      const before = await a.kiosk.quietUntilReset();
      expect(before).toEqual([]);
    },
  },
  'v2-collect-after-print-failure': {
    rule: 'M14: after a print failure the backend asks for a reversal and sends no COLLECT_TICKET or THANK_YOU',
    async run(setup) {
      await start(setup);
      const [a] = await kiosksOn(server!, [{ provider: 'mock', scenarios: ['printer-fault'] }]);
      virtual.push(a!);
      await a!.pay(20);
      const pid = a!.of('PAYMENT_RESULT', 'SUCCESS')[0]?.transactionId;
      a!.kiosk.answerReceipt(false);
      await a!.until('a reversal request or a ticket screen', () => a!.got('REVERSAL_REQUEST').length + a!.got('SCREEN_CHANGE', 'COLLECT_TICKET').length > 0, 3000);
      expect(a!.got('REVERSAL_REQUEST')[0]?.data).toMatchObject({ originalTransactionId: pid, reversalAmount: 20 });
      expect(a!.got('SCREEN_CHANGE').filter((m) => m.screen === 'COLLECT_TICKET' || m.screen === 'THANK_YOU')).toEqual([]);
      expect((await eventually(salesOf, (all) => all[0]?.state === 'reversed'))[0]).toMatchObject({ ticket: 'not-printed', state: 'reversed' });
    },
  },
  'v2-money-keyed-by-transaction-id': {
    rule: 'M15: money is keyed by kiosk and the backend\'s own cycle, never by a transaction id alone ("initial")',
    async run(setup) {
      await start(setup);
      const a = await kiosk('k-a');
      const b = await kiosk('k-b');
      a.kiosk.cardCheck('initial', 'CARD-M15', 20);
      await a.kiosk.type('LIMIT_CHECK_RESULT');
      a.kiosk.paymentResult('initial', 'SUCCESS');
      await a.kiosk.screen('RECEIPT_QUESTION');
      a.kiosk.action('RESET', 'c0ffee00-0000-4000-8000-000000000003');
      await a.kiosk.screen('AMOUNT_SELECT');
      a.kiosk.cardCheck('initial', 'CARD-M15', 30);
      await a.kiosk.next((m) => m.messageType === 'LIMIT_CHECK_RESULT', 1500);
      b.kiosk.cardCheck('initial', 'CARD-M15b', 40);
      await b.kiosk.next((m) => m.messageType === 'LIMIT_CHECK_RESULT', 1500);
      expect((await salesOf()).map((s) => [s.kioskId, s.amount])).toEqual([['k-a', 20], ['k-a', 30], ['k-b', 40]]);
      // The second cycle's PAYMENT_RESULT carries the first's M6 key (kiosk, "initial", RequesterTransRefNum "initial"): it is
      // that cycle's sale's result, not a second SUCCESS of the first sale.
      a.kiosk.paymentResult('initial', 'SUCCESS');
      const sales = await eventually(salesOf, (all) => all[1]?.state !== 'outcome-unknown');
      expect(sales.map((s) => [s.amount, s.state, s.flags])).toEqual([[20, 'paid', []], [30, 'paid', []], [40, 'outcome-unknown', []]]);
    },
  },
  // Not money rules: rules of the kiosk's frames and of the flows that v2 cases check (issue 26's coverage), each with its fault.
  'v2-unparsed-frame-error': {
    rule: 'V2-ERR-5: a kiosk frame that is not JSON (a terminal message with a quote, V2-ENV-6) is logged, never answered with ERROR',
    async run(setup) {
      await start(setup);
      const a = await kiosk('k-a');
      const message = 'Declined "do not honour"';
      a.kiosk.sendText(`{\n    "messageType": "PAYMENT_RESULT",\n    "screen": "FAILED",\n    "data": {\n        "errorCode": "D",\n        "errorMessage": "${message}"\n    },\n    "transactionId": "${a.id}",\n    "timestamp": ${Date.now()}\n}`);
      await noneOf(a.kiosk, 'ERROR');
    },
  },
  'v2-clock-skew-rejected': {
    rule: 'V2-ENV-7: a kiosk message is never rejected for the skew of the device clock',
    async run(setup) {
      await start(setup);
      const a = await kiosk('k-a');
      a.kiosk.action('RESET', 'c0ffee00-0000-4000-8000-0000000000e7', undefined, Date.now() - 24 * 3_600_000);
      await a.kiosk.next((m) => m.messageType === 'SCREEN_CHANGE' && m.screen === 'AMOUNT_SELECT', 1500);
    },
  },
  'v2-idle-kiosk-closed': {
    rule: 'V2-TRN-5, V2-TRN-7: a kiosk that never pings is not dropped, and no close frame is sent to it',
    async run(setup) {
      const a = await tenMinutesLater(setup);
      vi.useRealTimers();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(a.kiosk.ws.readyState).toBe(a.kiosk.ws.OPEN);
    },
  },
  'v2-currency-code-on-screens': {
    rule: 'V2-AMT-3: AMOUNT_SELECT carries a display symbol, DEVICE_INFO a currency code',
    async run(setup) {
      await start(setup);
      const k = await RawKiosk.connect(server!.url, { terminalId: 'k-a' });
      kiosks.push(k);
      const config = await k.type('DEVICE_INFO');
      expect(config.data?.currency).toMatch(/^[A-Z]{3}$/);
      const first = await k.screen('AMOUNT_SELECT');
      expect(first.data?.currency).not.toMatch(/^[A-Z]{3}$/);
    },
  },
  'v2-repeated-reset-ignored': {
    rule: 'V2-TRN-10, V2-FLOW-22: every RESET is answered with AMOUNT_SELECT, also a second one 3 s after the first brought no screen',
    async run(setup) {
      await start(setup);
      const a = await kiosk('k-a');
      for (const id of ['c0ffee00-0000-4000-8000-0000000000a1', 'c0ffee00-0000-4000-8000-0000000000a2']) {
        a.kiosk.keepalive();
        a.kiosk.action('RESET', id);
        expect((await a.kiosk.next((m) => m.messageType === 'SCREEN_CHANGE' && m.screen === 'AMOUNT_SELECT', 1500)).messageType).toBe('SCREEN_CHANGE');
      }
    },
  },
  'v2-ticket-recovery-refused': {
    rule: 'V2-FLOW-14: the kiosk\'s own ticket-recovery REVERSAL_RESULT is taken (no ERROR) and reverses the sale',
    async run(setup) {
      const { a, pid } = await paidOnKioskA(setup, 'CARD-FLOW14', 20);
      a.kiosk.reversalResult(ticketRecovery(pid, 'TICKET_NOT_PRINTED_RECOVERY_REVERSED', 20));
      await noneOf(a.kiosk, 'ERROR');
      expect((await eventually(salesOf, (all) => all[0]?.state === 'reversed'))[0]?.state).toBe('reversed');
    },
  },
  'v2-amount-error-without-yaspa': {
    rule: 'V2-FLOW-5: with yaspaEnabled false the amount (K1) is answered with neither ERROR nor LIMIT_ERROR',
    async run(setup) {
      await start(setup);
      const a = await kiosk('k-a', 'yaspa-off');
      a.kiosk.action('AMOUNT_SELECT', a.id, { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' });
      await noneOf(a.kiosk, 'ERROR');
    },
  },
};

/** Kiosk k-a on a server whose clock is faked, after `first` and ten minutes of that clock. */
async function tenMinutesLater(setup: Setup, first: (k: { kiosk: RawKiosk; id: string }) => Promise<void> = async () => undefined): Promise<{ kiosk: RawKiosk; id: string }> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  await start(setup);
  const a = await kiosk('k-a');
  await first(a);
  await vi.advanceTimersByTimeAsync(10 * 60_000);
  return a;
}

/** Nothing of `messageType` arrives within `ms` (the next message of that type must time out). */
async function noneOf(k: RawKiosk, messageType: string, ms = 600): Promise<void> {
  const got = await k.next((m) => m.messageType === messageType, ms).then((m) => m, () => undefined);
  expect(got, `${messageType} within ${ms} ms`).toBeUndefined();
}

describe('v2 money rules (pinto-android-2.md §6), each shown to fail without the rule', () => {
  it('every v2 fault has a scenario here', () => {
    expect(Object.keys(scenarios).sort()).toEqual([...v2FaultNames].sort());
  });

  describe.each(v2FaultNames.map((fault) => [scenarios[fault].rule, fault] as const))('%s', (_rule, fault) => {
    it('holds on the reference server, every backend frame valid v2', async () => {
      await scenarios[fault].run({ faults: [] });
      expect([...kiosks, ...virtual].flatMap((k) => k.invalid)).toEqual([]);
    });

    it(`fails with the fault ${fault}`, async () => {
      const error = await scenarios[fault].run({ faults: [fault] }).then(() => undefined, (e: unknown) => e);
      if (process.env.V2_SHOW_FAULT_ERRORS) console.log(fault, String(error).slice(0, 300));
      expect(error).toBeInstanceOf(Error);
    });
  });
});
