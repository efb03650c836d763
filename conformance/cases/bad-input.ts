import type { ConformanceCase } from '../case.js';
import { NotApplicable } from '../case-errors.js';
import type { CaseContext } from '../context.js';
import type { CertifierTerminal } from '../certifier-terminal.js';
import { describeArrival } from '../verifiers.js';
import { dataField, firstMethod, methodsOf, smallest, start, toKeypad, toPaymentMethod, unoffered } from './helpers.js';

/** After bad input: the state is unchanged and the connection still served (ERR-3, ERR-4). */
async function stillOnAmountSelect(ctx: CaseContext, t: CertifierTerminal, amount: number): Promise<void> {
  ctx.say.preset(t, amount);
  await ctx.expectScreen(t, 'PAYMENT_METHOD', { requirements: ['ERR-3', 'ERR-4'], title: 'the state is unchanged and the connection still served' });
}

/**
 * ERR-7's burst: 50 messages a second are allowed, so 60 put 10 past the
 * limit. Ten stays under ERR-5's 20 even for a backend that counts rate-limited
 * messages as invalid, so the burst can never close the connection with 1008.
 */
const BURST = 60;

/**
 * Sends BURST valid actions that change nothing on balance, at once: in the
 * strict profile preset/CANCEL pairs, each with a fresh transaction id of the
 * terminal's (TXN-1), so every prefix the backend processes is valid; in the
 * dialect RESETs, which are answered with the current screen (DIA-4). No action
 * provokes an ERROR of its own, so none can count as abuse (ERR-5).
 */
async function sendHarmlessBurst(ctx: CaseContext, t: CertifierTerminal, amount: number): Promise<void> {
  if (ctx.profile === 'pinto-android-1') {
    for (let i = 0; i < BURST; i++) t.send(ctx.message(t, 'RESET', undefined, 'initial'));
    return;
  }
  // Probe once: CANCEL on PAYMENT_METHOD is only harmless when allowCancel is true (ACT-4).
  ctx.say.preset(t, amount);
  const pm = await ctx.expectScreen(t, 'PAYMENT_METHOD', { requirements: ['FLOW-2'] });
  if (dataField(pm, 'allowCancel') !== true) throw new NotApplicable('PAYMENT_METHOD has allowCancel false: the strict profile has no harmless action pair for the burst');
  t.send(ctx.message(t, 'PAYMENT_METHOD', { action: 'CANCEL' }));
  await ctx.expectScreen(t, 'AMOUNT_SELECT', { requirements: ['FLOW-13'], txn: 'initial' });
  for (let i = 0; i < BURST / 2; i++) {
    const id = ctx.newTransactionId();
    t.send(ctx.message(t, 'AMOUNT_SELECT', { selectedAmount: amount, selectionMethod: 'PRESET_BUTTON' }, id));
    t.send(ctx.message(t, 'PAYMENT_METHOD', { action: 'CANCEL' }, id));
  }
}

/** Section 9, bad input and errors (ERR). */
export const badInputCases: ConformanceCase[] = [
  {
    id: 'bad-input/1/1',
    title: 'A frame that is not JSON is INVALID_MESSAGE; nothing changes, the connection stays open',
    requirements: ['ERR-1', 'ERR-3', 'ERR-4', 'ERR-9'],
    level: 'MUST',
    async run(ctx) {
      const s = await start(ctx);
      s.t.send('{"messageType": "USER_ACTION", oops');
      await ctx.expectError(s.t, 'INVALID_MESSAGE', { requirements: ['ERR-1', 'ERR-9'], txn: 'initial' });
      await stillOnAmountSelect(ctx, s.t, smallest(ctx, s));
    },
  },
  {
    id: 'bad-input/1/2',
    title: 'A JSON array is INVALID_MESSAGE',
    requirements: ['ERR-1', 'ERR-4'],
    level: 'MUST',
    async run(ctx) {
      const s = await start(ctx);
      s.t.send(JSON.stringify([ctx.message(s.t, 'AMOUNT_SELECT', { selectedAmount: smallest(ctx, s), selectionMethod: 'PRESET_BUTTON' })]));
      await ctx.expectError(s.t, 'INVALID_MESSAGE', { requirements: ['ERR-1'] });
      await stillOnAmountSelect(ctx, s.t, smallest(ctx, s));
    },
  },
  {
    id: 'bad-input/2/1',
    title: 'A message missing its timestamp is INVALID_MESSAGE',
    requirements: ['ERR-2', 'ENV-1', 'ERR-3'],
    level: 'MUST',
    async run(ctx) {
      const s = await start(ctx);
      const m = ctx.message(s.t, 'AMOUNT_SELECT', { selectedAmount: smallest(ctx, s), selectionMethod: 'PRESET_BUTTON' }, ctx.newTransactionId());
      delete m.timestamp;
      s.t.send(m);
      await ctx.expectError(s.t, 'INVALID_MESSAGE', { requirements: ['ERR-2', 'ENV-1'] });
      await stillOnAmountSelect(ctx, s.t, smallest(ctx, s));
    },
  },
  {
    id: 'bad-input/2/2',
    title: 'A terminal sending SCREEN_CHANGE is INVALID_MESSAGE',
    requirements: ['ERR-2', 'ENV-14', 'ENV-2'],
    level: 'MUST',
    async run(ctx) {
      const s = await start(ctx);
      s.t.send({ ...ctx.message(s.t, 'PAYMENT_METHOD', { methods: ['DEBIT_CARD'], allowCancel: true, currency: '£' }), messageType: 'SCREEN_CHANGE' });
      await ctx.expectError(s.t, 'INVALID_MESSAGE', { requirements: ['ERR-2', 'ENV-14'] });
    },
  },
  {
    id: 'bad-input/5/1',
    title: 'An amount that was not offered is INVALID_AMOUNT and the screen stays',
    requirements: ['FLOW-5', 'SEC-1', 'ERR-3', 'ERR-10'],
    level: 'MUST',
    async run(ctx) {
      const s = await start(ctx);
      s.t.send(ctx.message(s.t, 'AMOUNT_SELECT', { selectedAmount: unoffered(s.amounts), selectionMethod: 'PRESET_BUTTON' }, ctx.newTransactionId()));
      await ctx.expectError(s.t, 'INVALID_AMOUNT', { requirements: ['FLOW-5', 'ERR-10'], screen: 'AMOUNT_SELECT', txn: 'initial' });
      await stillOnAmountSelect(ctx, s.t, smallest(ctx, s));
    },
  },
  {
    id: 'bad-input/5/2',
    title: 'Keypad amounts outside minAmount..maxAmount are INVALID_AMOUNT',
    requirements: ['FLOW-5', 'SEC-1'],
    level: 'MUST',
    needs: { features: ['otherKeypad'] },
    async run(ctx) {
      const s = await start(ctx);
      const keypad = await toKeypad(ctx, s);
      const { minAmount = 1, maxAmount = 1 } = (keypad?.data ?? {}) as { minAmount?: number; maxAmount?: number };
      s.t.send(ctx.message(s.t, 'KEYPAD', { selectedAmount: maxAmount + 1, selectionMethod: 'KEYPAD' }));
      // maxAmount + 1 may also be above what is left of the daily limit: then LIMIT_ERROR (FLOW-6) is as right as INVALID_AMOUNT.
      const answer = await ctx.nextAnswer(s.t, ctx.allow(s.t, ctx.waits.answerMs));
      const m = answer?.kind === 'message' ? (answer.raw as { messageType?: unknown; screen?: unknown; data?: { errorCode?: unknown } }) : undefined;
      const overLimit = m?.messageType === 'SCREEN_CHANGE' && m.screen === 'LIMIT_ERROR';
      const invalid = m?.messageType === 'ERROR' && m.data?.errorCode === 'INVALID_AMOUNT' && m.screen === 'KEYPAD';
      ctx.record('maxAmount + 1 is INVALID_AMOUNT (or LIMIT_ERROR, when it is also over the daily limit)', ['FLOW-5', 'FLOW-6'], { ok: invalid || overLimit, expected: 'ERROR INVALID_AMOUNT screen KEYPAD, or SCREEN_CHANGE LIMIT_ERROR', actual: describeArrival(answer, ctx.waits.answerMs) }, answer?.event);
      if (overLimit) {
        ctx.say.ok(s.t, 'LIMIT_ERROR');
        await ctx.expectScreen(s.t, 'AMOUNT_SELECT', { requirements: ['FLOW-14'], txn: 'initial' });
        await toKeypad(ctx, s);
      }
      if (minAmount > 1) {
        s.t.send(ctx.message(s.t, 'KEYPAD', { selectedAmount: minAmount - 1, selectionMethod: 'KEYPAD' }));
        await ctx.expectError(s.t, 'INVALID_AMOUNT', { requirements: ['FLOW-5'], screen: 'KEYPAD', title: 'minAmount - 1 is INVALID_AMOUNT' });
      }
      s.t.send(ctx.message(s.t, 'KEYPAD', { selectedAmount: minAmount, selectionMethod: 'KEYPAD' }));
      await ctx.expectScreen(s.t, 'PAYMENT_METHOD', { requirements: ['ERR-3', 'FLOW-4'], title: 'the keypad still takes a valid amount' });
    },
  },
  {
    id: 'bad-input/5/3',
    title: 'A non-integer keypad amount is INVALID_AMOUNT',
    requirements: ['FLOW-5', 'ENV-11'],
    level: 'MUST',
    needs: { features: ['otherKeypad'] },
    async run(ctx) {
      const s = await start(ctx);
      const keypad = await toKeypad(ctx, s);
      const { minAmount = 1 } = (keypad?.data ?? {}) as { minAmount?: number };
      s.t.send(ctx.message(s.t, 'KEYPAD', { selectedAmount: minAmount + 0.5, selectionMethod: 'KEYPAD' }));
      await ctx.expectError(s.t, 'INVALID_AMOUNT', { requirements: ['FLOW-5'], screen: 'KEYPAD' });
    },
  },
  {
    id: 'bad-input/5/4',
    title: 'More than 20 invalid messages within a minute close the connection with 1008, 20 do not',
    requirements: ['ERR-5', 'ERR-4'],
    level: 'MUST',
    async run(ctx) {
      const s = await start(ctx);
      for (let i = 0; i < 20; i++) s.t.send(`not json ${i}`);
      let errors = 0;
      const deadline = Date.now() + ctx.allow(s.t, ctx.waits.answerMs * 2);
      while (errors < 20 && Date.now() < deadline) {
        const a = await ctx.nextAnswer(s.t, deadline - Date.now());
        if (!a || a.kind === 'close') break;
        errors++;
      }
      ctx.check('20 invalid messages get 20 ERRORs and keep the connection', ['ERR-4', 'ERR-1'], errors === 20 && !s.t.closed, '20 ERROR INVALID_MESSAGE, connection open', `${errors} answers${s.t.closed ? `, closed with ${s.t.closed.code}` : ''}`);
      s.t.send('not json 21');
      await ctx.expectClose(s.t, 1008, { requirements: ['ERR-5'], title: 'the 21st closes the connection with 1008' });
    },
  },
  {
    id: 'bad-input/6/1',
    title: 'An action for a screen the terminal is not on is UNEXPECTED_ACTION',
    requirements: ['ERR-6', 'ACT-7'],
    level: 'MUST',
    async run(ctx) {
      const s = await start(ctx);
      s.t.send(ctx.message(s.t, 'PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }, 'initial'));
      await ctx.expectError(s.t, 'UNEXPECTED_ACTION', { requirements: ['ERR-6', 'ACT-7'], screen: 'AMOUNT_SELECT' });
      await stillOnAmountSelect(ctx, s.t, smallest(ctx, s));
    },
  },
  {
    id: 'bad-input/6/2',
    title: 'A stale double tap (the same amount action twice) is UNEXPECTED_ACTION the second time',
    requirements: ['ERR-6', 'ERR-3'],
    level: 'MUST',
    needs: { payments: 1 },
    async run(ctx) {
      const s = await start(ctx);
      const tap = ctx.message(s.t, 'AMOUNT_SELECT', { selectedAmount: smallest(ctx, s), selectionMethod: 'PRESET_BUTTON' }, ctx.newTransactionId());
      s.t.send(tap);
      s.t.send({ ...tap, timestamp: Date.now() });
      const pm = await ctx.expectScreen(s.t, 'PAYMENT_METHOD', { requirements: ['FLOW-2'] });
      await ctx.expectError(s.t, 'UNEXPECTED_ACTION', { requirements: ['ERR-6'], screen: 'PAYMENT_METHOD' });
      ctx.say.method(s.t, firstMethod(pm));
      await ctx.expectScreen(s.t, 'PROCESSING', { requirements: ['ERR-3'] });
    },
  },
  {
    id: 'bad-input/6/3',
    title: 'An unoffered payment method is UNEXPECTED_ACTION',
    requirements: ['ERR-6', 'ERR-10'],
    level: 'MUST',
    async run(ctx) {
      const s = await start(ctx);
      const pm = await toPaymentMethod(ctx, s);
      const missing = ['DEBIT_CARD', 'PAY_BY_BANK'].find((m) => !methodsOf(pm).includes(m));
      if (!missing) throw new NotApplicable('the backend offers every method');
      ctx.say.method(s.t, missing);
      // "not allowed there" (UNEXPECTED_ACTION) and "not a valid message" (INVALID_MESSAGE) both describe it; ERR-10 picks the first.
      await ctx.expectError(s.t, ['UNEXPECTED_ACTION', 'INVALID_MESSAGE'], { requirements: ['ERR-6', 'ERR-10'], preferCode: 'UNEXPECTED_ACTION' });
    },
  },
  {
    id: 'bad-input/7/1',
    title: `${BURST} harmless messages within a second get ERROR RATE_LIMITED past the 50th, one answer each, and the connection stays open`,
    requirements: ['ERR-7'],
    level: 'SHOULD',
    async run(ctx) {
      const s = await start(ctx);
      await sendHarmlessBurst(ctx, s.t, smallest(ctx, s));
      const codes = new Map<string, number>();
      let answers = 0;
      let afterError = false;
      const deadline = Date.now() + ctx.allow(s.t, ctx.waits.answerMs * 2);
      while (answers < BURST && Date.now() < deadline) {
        const a = await s.t.next(deadline - Date.now());
        if (!a || a.kind === 'close') break;
        // STATUS_UPDATEs answer nothing; the current screen re-sent right after an ERROR belongs to that ERROR's answer.
        if (a.kind === 'message' && (a.status || (a.resend && afterError))) continue;
        afterError = a.kind === 'message' && (a.raw as { messageType?: unknown } | undefined)?.messageType === 'ERROR';
        answers++;
        const m = a.kind === 'message' ? (a.raw as { messageType?: unknown; screen?: unknown; data?: { errorCode?: unknown } } | undefined) : undefined;
        const label = m?.messageType === 'ERROR' ? `ERROR ${String(m.data?.errorCode)}` : m?.messageType === 'SCREEN_CHANGE' ? 'SCREEN_CHANGE' : describeArrival(a);
        codes.set(label, (codes.get(label) ?? 0) + 1);
      }
      // Late extras would mean a message was both processed and rate-limited.
      while (!s.t.closed) {
        const a = await s.t.next(ctx.waits.silenceMs);
        if (!a || a.kind === 'close') break;
        if (a.kind === 'message' && (a.status || (a.resend && afterError))) continue;
        answers++;
        codes.set('late answer', (codes.get('late answer') ?? 0) + 1);
      }
      const tally = [...codes].map(([k, n]) => `${n} ${k}`).join(', ') || 'no answers';
      const closed = s.t.closed ? `; connection closed with ${s.t.closed.code}` : '';
      ctx.check('the burst does not close the connection', ['ERR-7', 'ERR-4'], !s.t.closed, 'the connection still open', `${tally}${closed}`);
      const limited = codes.get('ERROR RATE_LIMITED') ?? 0;
      ctx.check('messages past the 50th are answered with RATE_LIMITED', ['ERR-7'], limited > 0, `at least one ERROR RATE_LIMITED among the answers to ${BURST} messages`, tally);
      const expected = (codes.get('SCREEN_CHANGE') ?? 0) + limited;
      ctx.check('each message gets exactly one answer: a screen when processed, RATE_LIMITED when dropped', ['ERR-7', 'FLOW-17'], answers === BURST && expected === BURST, `${BURST} answers, SCREEN_CHANGE or ERROR RATE_LIMITED`, `${answers} answers: ${tally}`);
    },
  },
];
