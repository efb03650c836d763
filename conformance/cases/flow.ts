import type { ConformanceCase } from '../case.js';
import { NotApplicable } from '../case-errors.js';
import type { CaseContext } from '../context.js';
import type { CertifierTerminal } from '../certifier-terminal.js';
import { dataField, expectCancelled, followReceipt, methodsOf, payToFailed, payToSuccess, presetToProcessing, smallest, start, toKeypad, toPaymentMethod, toProcessing } from './helpers.js';

/** A screen with an idle timeout (FLOW-15) and how a case brings a fresh terminal onto it. */
interface IdleScreen {
  id: string;
  title: string;
  screen: 'KEYPAD' | 'PAYMENT_METHOD' | 'FAILED' | 'LIMIT_ERROR';
  needs?: ConformanceCase['needs'];
  /** Opens a terminal and leaves it on `screen`. */
  reach(ctx: CaseContext): Promise<CertifierTerminal>;
}

/**
 * FLOW-15 on each screen that has an idle timeout: the same shape every time.
 * Case ids and titles are cited by users and by the mutation test: keep them stable.
 */
const idleScreens: IdleScreen[] = [
  {
    id: 'flow/15/1',
    title: 'Idle on KEYPAD: ERROR TIMEOUT (screen KEYPAD, the abandoned transaction) then AMOUNT_SELECT "initial"',
    screen: 'KEYPAD',
    needs: { features: ['otherKeypad'] },
    async reach(ctx) {
      const s = await start(ctx);
      await toKeypad(ctx, s);
      return s.t;
    },
  },
  {
    id: 'flow/15/2',
    title: 'Idle on PAYMENT_METHOD: ERROR TIMEOUT then AMOUNT_SELECT "initial"',
    screen: 'PAYMENT_METHOD',
    async reach(ctx) {
      const s = await start(ctx);
      await toPaymentMethod(ctx, s);
      return s.t;
    },
  },
  {
    id: 'flow/15/3',
    title: 'Idle on FAILED: ERROR TIMEOUT then AMOUNT_SELECT "initial"',
    screen: 'FAILED',
    needs: { scenario: 'decline' },
    async reach(ctx) {
      const s = await start(ctx, { scenario: 'decline' });
      await payToFailed(ctx, s, ['FLOW-9']);
      return s.t;
    },
  },
  {
    id: 'flow/15/4',
    title: 'Idle on LIMIT_ERROR: ERROR TIMEOUT then AMOUNT_SELECT "initial"',
    screen: 'LIMIT_ERROR',
    needs: { scenario: 'limit-remaining:0' },
    async reach(ctx) {
      const s = await start(ctx, { scenario: 'limit-remaining:0' });
      ctx.say.preset(s.t, smallest(ctx, s));
      await ctx.expectScreen(s.t, 'LIMIT_ERROR', { requirements: ['FLOW-6'] });
      return s.t;
    },
  },
];

/** The FLOW-15 cases: idle on the screen for the idle timeout, ERROR TIMEOUT (ENV-4, TXN-6), then AMOUNT_SELECT "initial". */
const idleTimeoutCases: ConformanceCase[] = idleScreens.map((row) => ({
  id: row.id,
  title: row.title,
  requirements: ['FLOW-15'],
  level: 'MUST',
  // The idle timeout is the longest wait of the suite: the scheduler starts these early, each on its own terminal.
  needs: { ...row.needs, idleTimeout: true },
  async run(ctx) {
    const t = await row.reach(ctx);
    const txn = t.transactionId as string;
    await ctx.expectError(t, 'TIMEOUT', { requirements: ['FLOW-15'], within: ctx.waits.idleMs, screen: row.screen, txn, title: `idle on ${row.screen} for the idle timeout: ERROR TIMEOUT` });
    await ctx.expectScreen(t, 'AMOUNT_SELECT', { requirements: ['FLOW-15'], txn: 'initial', title: 'then AMOUNT_SELECT "initial": the transaction is abandoned' });
  },
}));

/** Section 6, flow (FLOW). */
export const flowCases: ConformanceCase[] = [
  {
    id: 'flow/1/2',
    title: 'An out-of-service terminal gets DEVICE_ERROR on connect, stays there, and actions are UNEXPECTED_ACTION',
    requirements: ['FLOW-1', 'FLOW-21', 'FLOW-20'],
    level: 'MUST',
    needs: { scenario: 'out-of-service' },
    async run(ctx) {
      const t = await ctx.open({ scenario: 'out-of-service' });
      await ctx.expectScreen(t, 'DEVICE_ERROR', { requirements: ['FLOW-1'] });
      await ctx.expectNoAnswer(t, ctx.waits.silenceMs, { requirements: ['FLOW-20'], title: 'it stays on DEVICE_ERROR', soft: true });
      t.send(ctx.message(t, 'AMOUNT_SELECT', { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }, ctx.newTransactionId()));
      // An action on DEVICE_ERROR is for a screen the terminal is not on; its new id and its never-offered amount make the other codes apply as well.
      await ctx.expectError(t, ['UNEXPECTED_ACTION', 'INVALID_TRANSACTION', 'INVALID_AMOUNT'], { requirements: ['FLOW-21', 'FLOW-17'], preferCode: 'UNEXPECTED_ACTION' });
    },
  },
  {
    id: 'flow/2/1',
    title: 'A preset amount leads to PAYMENT_METHOD',
    requirements: ['FLOW-2', 'ACT-1', 'FLOW-17'],
    level: 'MUST',
    async run(ctx) {
      await toPaymentMethod(ctx, await start(ctx));
    },
  },
  {
    id: 'flow/3/1',
    title: 'OTHER leads to KEYPAD',
    requirements: ['FLOW-3', 'ACT-2'],
    level: 'MUST',
    needs: { features: ['otherKeypad'] },
    async run(ctx) {
      await toKeypad(ctx, await start(ctx));
    },
  },
  {
    id: 'flow/4/1',
    title: 'A keypad amount within bounds leads to PAYMENT_METHOD',
    requirements: ['FLOW-4', 'ACT-3'],
    level: 'MUST',
    needs: { features: ['otherKeypad'] },
    async run(ctx) {
      const s = await start(ctx);
      const keypad = await toKeypad(ctx, s);
      const { minAmount } = (keypad?.data ?? {}) as { minAmount?: number };
      ctx.say.keypad(s.t, minAmount ?? 1);
      await ctx.expectScreen(s.t, 'PAYMENT_METHOD', { requirements: ['FLOW-4', 'ACT-3', 'TXN-2'] });
    },
  },
  {
    id: 'flow/6/1',
    title: 'An amount above the remaining daily limit leads to LIMIT_ERROR; OK returns to AMOUNT_SELECT "initial"',
    requirements: ['FLOW-6', 'FLOW-14', 'ACT-6'],
    level: 'MUST',
    needs: { scenario: 'limit-remaining:0' },
    async run(ctx) {
      const s = await start(ctx, { scenario: 'limit-remaining:0' });
      ctx.say.preset(s.t, s.amounts[0] ?? 1);
      await ctx.expectScreen(s.t, 'LIMIT_ERROR', { requirements: ['FLOW-6'] });
      ctx.say.ok(s.t, 'LIMIT_ERROR');
      await ctx.expectScreen(s.t, 'AMOUNT_SELECT', { requirements: ['FLOW-14', 'ACT-6'], txn: 'initial' });
    },
  },
  {
    id: 'flow/6/2',
    title: 'Only successful payments count against the daily limit: a declined one does not',
    requirements: ['FLOW-6'],
    level: 'MUST',
    needs: { scenario: 'decline' },
    async run(ctx) {
      const probe = await start(ctx);
      const amount = probe.amounts[0] ?? 1;
      probe.t.close();
      const limited = await ctx.open({ scenario: `limit-remaining:${amount}` });
      await ctx.expectScreen(limited, 'AMOUNT_SELECT', { requirements: ['FLOW-1'] });
      limited.close();
      const s = await start(ctx, { scenario: 'decline' });
      await payToFailed(ctx, s, ['FLOW-9']);
      ctx.say.ok(s.t, 'FAILED');
      await ctx.expectScreen(s.t, 'AMOUNT_SELECT', { requirements: ['FLOW-14'], txn: 'initial' });
      ctx.say.preset(s.t, amount);
      await ctx.expectScreen(s.t, 'PAYMENT_METHOD', { requirements: ['FLOW-6'], title: 'the declined amount is still within the limit' });
    },
  },
  {
    id: 'flow/6/3',
    title: 'A successful payment counts against the daily limit',
    requirements: ['FLOW-6'],
    level: 'MUST',
    needs: { scenario: 'limit-remaining:1', payments: 1 },
    async run(ctx) {
      const probe = await start(ctx);
      const amount = probe.amounts[0] ?? 1;
      probe.t.close();
      const s = await start(ctx, { scenario: `limit-remaining:${amount}` });
      const paid = await payToSuccess(ctx, s);
      await followReceipt(ctx, s.t, paid.showReceipt);
      ctx.say.preset(s.t, amount);
      const screen = await ctx.expectScreen(s.t, 'LIMIT_ERROR', { requirements: ['FLOW-6'], title: 'the same amount again is over the limit' });
      const remaining = dataField(screen, 'remaining');
      ctx.check('remaining is 0 after paying all of it', ['FLOW-6'], remaining === 0, 'remaining 0', JSON.stringify(remaining));
    },
  },
  {
    id: 'flow/7/1',
    title: 'An approved payment: PROCESSING, SUCCESS, PRINT_TICKET, COLLECT_TICKET, THANK_YOU, AMOUNT_SELECT "initial"',
    requirements: ['FLOW-7', 'FLOW-8', 'FLOW-11', 'FLOW-16', 'FLOW-19', 'ACT-5'],
    level: 'MUST',
    needs: { payments: 1 },
    async run(ctx) {
      const s = await start(ctx);
      const paid = await payToSuccess(ctx, s);
      await followReceipt(ctx, s.t, paid.showReceipt);
    },
  },
  {
    id: 'flow/7/2',
    title: 'PAY_BY_BANK leads to PROCESSING and a result',
    requirements: ['FLOW-7', 'FLOW-8', 'ACT-5'],
    level: 'MUST',
    needs: { features: ['payByBank'], payments: 1 },
    async run(ctx) {
      const s = await start(ctx);
      const pm = await toPaymentMethod(ctx, s);
      ctx.check('PAY_BY_BANK is offered', ['SCR-3'], methodsOf(pm).includes('PAY_BY_BANK'), 'PAY_BY_BANK in methods', JSON.stringify(methodsOf(pm)));
      await toProcessing(ctx, s.t, 'PAY_BY_BANK');
      await ctx.expectScreen(s.t, 'SUCCESS', { requirements: ['FLOW-8'], within: ctx.waits.resultMs });
    },
  },
  {
    id: 'flow/9/1',
    title: 'A declined payment leads to FAILED CARD_DECLINED; OK returns to AMOUNT_SELECT "initial"',
    requirements: ['FLOW-9', 'FLOW-14', 'ACT-6'],
    level: 'MUST',
    needs: { scenario: 'decline' },
    async run(ctx) {
      const s = await start(ctx, { scenario: 'decline' });
      const failed = await payToFailed(ctx, s, ['FLOW-9']);
      const code = dataField(failed, 'errorCode');
      ctx.check('errorCode is CARD_DECLINED', ['FLOW-9'], code === 'CARD_DECLINED', 'CARD_DECLINED', JSON.stringify(code));
      ctx.say.ok(s.t, 'FAILED');
      await ctx.expectScreen(s.t, 'AMOUNT_SELECT', { requirements: ['FLOW-14', 'ACT-6'], txn: 'initial' });
    },
  },
  {
    id: 'flow/10/1',
    title: 'A processor that does not answer leads to FAILED PAYMENT_TIMEOUT',
    requirements: ['FLOW-10'],
    level: 'MUST',
    needs: { scenario: 'processor-timeout' },
    async run(ctx) {
      const s = await start(ctx, { scenario: 'processor-timeout' });
      const failed = await payToFailed(ctx, s, ['FLOW-10'], ctx.waits.processorTimeoutMs);
      const code = dataField(failed, 'errorCode');
      ctx.check('errorCode is PAYMENT_TIMEOUT', ['FLOW-10'], code === 'PAYMENT_TIMEOUT', 'PAYMENT_TIMEOUT', JSON.stringify(code));
    },
  },
  {
    id: 'flow/12/1',
    title: 'A printer fault at PRINT_TICKET leads to DEVICE_ERROR PRINTER_ERROR, then back to AMOUNT_SELECT',
    requirements: ['FLOW-12', 'FLOW-20', 'SCR-9'],
    level: 'MUST',
    needs: { scenario: 'printer-fault', payments: 1 },
    async run(ctx) {
      const s = await start(ctx, { scenario: 'printer-fault' });
      const paid = await payToSuccess(ctx, s);
      if (!paid.showReceipt) throw new NotApplicable('SUCCESS has showReceipt false: nothing is printed');
      await ctx.expectScreen(s.t, 'PRINT_TICKET', { requirements: ['FLOW-11'], within: ctx.waits.stepMs });
      const error = await ctx.expectScreen(s.t, 'DEVICE_ERROR', { requirements: ['FLOW-12'], within: ctx.waits.stepMs });
      const code = dataField(error, 'errorCode');
      ctx.check('errorCode is PRINTER_ERROR', ['FLOW-12', 'SCR-9'], code === 'PRINTER_ERROR', 'PRINTER_ERROR', JSON.stringify(code));
      await ctx.expectScreen(s.t, 'AMOUNT_SELECT', { requirements: ['FLOW-20'], within: ctx.waits.deviceErrorMs + ctx.waits.stepMs, txn: 'initial', soft: true });
    },
  },
  {
    id: 'flow/13/1',
    title: 'CANCEL on KEYPAD leads to AMOUNT_SELECT "initial"',
    requirements: ['FLOW-13', 'ACT-4'],
    level: 'MUST',
    needs: { features: ['otherKeypad'] },
    async run(ctx) {
      const s = await start(ctx);
      await toKeypad(ctx, s);
      ctx.say.cancel(s.t, 'KEYPAD');
      await expectCancelled(ctx, s.t, ['FLOW-13', 'ACT-4']);
    },
  },
  {
    id: 'flow/13/2',
    title: 'CANCEL on PAYMENT_METHOD leads to AMOUNT_SELECT "initial" when allowCancel, else UNEXPECTED_ACTION',
    requirements: ['FLOW-13', 'ACT-4', 'ERR-6'],
    level: 'MUST',
    async run(ctx) {
      const s = await start(ctx);
      const pm = await toPaymentMethod(ctx, s);
      ctx.say.cancel(s.t, 'PAYMENT_METHOD');
      if (dataField(pm, 'allowCancel') === false) await ctx.expectError(s.t, 'UNEXPECTED_ACTION', { requirements: ['ERR-6'] });
      else await expectCancelled(ctx, s.t, ['FLOW-13', 'ACT-4']);
    },
  },
  ...idleTimeoutCases,
  {
    id: 'flow/16/1',
    title: 'AMOUNT_SELECT has no idle timeout',
    requirements: ['FLOW-16'],
    level: 'SHOULD',
    needs: { idleTimeout: true },
    async run(ctx) {
      const s = await start(ctx);
      await ctx.expectNoAnswer(s.t, ctx.waits.idleMs, { requirements: ['FLOW-16'], title: 'nothing happens on AMOUNT_SELECT for longer than the idle timeout' });
    },
  },
  {
    id: 'flow/21/1',
    title: 'An action while PROCESSING is answered with UNEXPECTED_ACTION',
    requirements: ['FLOW-21', 'ERR-6', 'ACT-7'],
    level: 'MUST',
    needs: { scenario: 'slow-processing:3000', payments: 1 },
    async run(ctx) {
      const s = await start(ctx, { scenario: `slow-processing:${Math.max(3000, ctx.waits.answerMs * 3)}` });
      await presetToProcessing(ctx, s);
      s.t.send(ctx.message(s.t, 'AMOUNT_SELECT', { selectedAmount: s.amounts[0] ?? 1, selectionMethod: 'PRESET_BUTTON' }));
      await ctx.expectError(s.t, 'UNEXPECTED_ACTION', { requirements: ['FLOW-21', 'ERR-6', 'ACT-7'], screen: 'PROCESSING' });
    },
  },
];
