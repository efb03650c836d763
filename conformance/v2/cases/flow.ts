import { CouldNotRun } from '../../case-errors.js';
import type { V2Case } from '../case.js';
import { describeScreen, type V2CaseContext } from '../context.js';
import type { KioskFrame, KioskLink } from '../kiosk-link.js';
import { backendFramesValid, integraSale, limitAnswer, nextCardCheck, noError, paidToNextCustomer, paidToNextCustomerRules, resetAnswered, reversalRequestsSince, ticketToNextCustomer } from './helpers.js';

/**
 * Flow (h) up to the backend's reversal request: an Integra sale whose ticket
 * fails to print (scenario printer-fault), the receipt question answered NO.
 * `asked`: a REVERSAL_REQUEST or REFUND_REQUEST came after the card check's
 * answer (frame `from` on).
 */
export async function printFailure(ctx: V2CaseContext): Promise<{ link: KioskLink; card: string; amount: number; saleId: string; from: number; asked: boolean }> {
  const card = await ctx.card();
  const link = await ctx.ready({ provider: 'integra', scenario: ['printer-fault'] });
  link.terminal.cardChecks.push({ outcome: 'approve', token: card });
  const amount = ctx.smallestAmount(link);
  await ctx.payByCard(link, amount);
  const k6 = await nextCardCheck(ctx, link, 0, ctx.waits.kioskMs(2_000));
  const saleId = k6.message?.transactionId as string;
  await limitAnswer(ctx, link, k6);
  const from = link.received.length;
  const requested = (): boolean => reversalRequestsSince(ctx, link, from).length > 0;
  const sawTicket = await link.until(() => link.kiosk.screen.name === 'RECEIPT_QUESTION' || requested(), ctx.waits.afterSaleMs);
  if (sawTicket && link.kiosk.screen.name === 'RECEIPT_QUESTION') link.kiosk.answerReceipt(false);
  const asked = await link.until(requested, ctx.waits.afterSaleMs);
  return { link, card, amount, saleId, from, asked };
}

/**
 * Flow (i) up to the relaunched kiosk's recovery result: an NNSmart sale
 * taken as the link dies, so its CARD_CHECK_RESULT never leaves and the
 * backend never hears of it (V2-M-9). Undefined (and a WARN) when the
 * kiosk reports no recovery. `resets`: the kiosk's RESETs before the relaunch.
 */
export async function unknownSaleRecovered(ctx: V2CaseContext): Promise<{ link: KioskLink; result: KioskFrame; resets: number } | undefined> {
  const card = await ctx.card();
  const link = await ctx.ready({ provider: 'nnsmart' });
  // The link dies as the sale is taken: the CARD_CHECK_RESULT never leaves, the pending sale stays on the kiosk.
  link.terminal.nnsmartSales.push({ outcome: 'approve', par: card, loseConnection: true });
  await ctx.payByCard(link, ctx.smallestAmount(link));
  await link.until(() => link.kiosk.persisted.pendingSale !== undefined, ctx.waits.kioskMs(2_000));
  const resets = link.sentOf('USER_ACTION', 'RESET').length;
  link.relaunch();
  const reported = await link.until(() => link.sentOf('REVERSAL_RESULT').length > 0, ctx.waits.kioskMs(6_000));
  if (!reported) {
    ctx.check('the relaunched kiosk reports its recovery', ['V2-FLOW-18'], false, 'REVERSAL_RESULT RECOVERY_*', describeScreen(link.kiosk.screen), true);
    return undefined;
  }
  return { link, result: link.sentOf('REVERSAL_RESULT')[0]!, resets };
}

/**
 * The backend's side of flows (a)-(m) of pinto-android-2.md §5, played with
 * d540407 kiosks of every provider the target serves.
 */
export const v2FlowCases: readonly V2Case[] = [
  {
    id: 'v2-flow/a/1',
    title: 'Connect without credentials: configuration and AMOUNT_SELECT, unasked',
    requirements: ['V2-TRN-1', 'V2-TRN-2', 'V2-TRN-9', 'V2-FLOW-2', 'V2-FLOW-20', 'V2-AMT-3'],
    level: 'MUST',
    async run(ctx) {
      const link = await ctx.ready({ provider: ctx.target.providers[0]! });
      noError(ctx, link, ['V2-TRN-9'], 'on connect');
      // pinto-android-2.md §3.5.2: "`AMOUNT_SELECT`/`PAYMENT_METHOD` carry a display symbol (`"£"`), `DEVICE_INFO` carries a code (`"GBP"`)".
      // A code is three capital letters (ISO 4217, as the kiosk's GBP/USD/EUR mapping reads it); a symbol is anything else.
      const code = /^[A-Z]{3}$/;
      const currencies = (type: string, screen?: string): string[] => ctx.framesOf(link, type).filter((f) => screen === undefined || f.message?.screen === screen).map((f) => f.message?.data?.currency).filter((c): c is string => typeof c === 'string');
      const shown = currencies('SCREEN_CHANGE', 'AMOUNT_SELECT');
      ctx.check('AMOUNT_SELECT carries a display symbol, not a currency code', ['V2-AMT-3'], shown.every((c) => !code.test(c)), 'a symbol such as "£"', shown.map((c) => `"${c}"`).join(', ') || 'no currency');
      const configured = currencies('DEVICE_INFO');
      ctx.check('the configuration (DEVICE_INFO) carries a currency code', ['V2-AMT-3'], configured.every((c) => code.test(c)), 'a code such as "GBP" (or no currency)', configured.map((c) => `"${c}"`).join(', ') || 'no currency');
    },
  },
  {
    id: 'v2-flow/a/2',
    title: 'Keypad cancel: the RESET with a fresh id is answered with AMOUNT_SELECT',
    requirements: ['V2-FLOW-22', 'V2-TXN-2'],
    level: 'MUST',
    async run(ctx) {
      const link = await ctx.ready({ provider: ctx.target.providers[0]! });
      if (link.kiosk.screen.name !== 'AMOUNT_SELECT' || !link.kiosk.screen.showOtherOption) {
        ctx.check('AMOUNT_SELECT offers "Other" (the keypad)', ['V2-FLOW-6'], false, 'showOtherOption true', 'no "Other" button', true);
        return;
      }
      const resets = link.sentOf('USER_ACTION', 'RESET').length;
      link.kiosk.tapOther();
      link.kiosk.cancelKeypad();
      await resetAnswered(ctx, link, 0, 'after the keypad cancel', resets);
    },
  },
  {
    id: 'v2-flow/a/3',
    title: 'A RESET whose answer is lost: 3 s later the kiosk reconnects and sends a second RESET, answered with AMOUNT_SELECT',
    requirements: ['V2-TRN-10', 'V2-FLOW-22', 'V2-TXN-2'],
    level: 'MUST',
    async run(ctx) {
      const link = await ctx.ready({ provider: ctx.target.providers[0]! });
      const idle = await link.until(() => link.kiosk.screensaverVisible, ctx.waits.kioskMs(31_000));
      if (!idle) throw new CouldNotRun(`${link.label}: no idle timeout on AMOUNT_SELECT (${describeScreen(link.kiosk.screen)})`);
      await ctx.quiet(ctx.waits.answerMs / 4);
      const resets = link.sentOf('USER_ACTION', 'RESET').length;
      // The network loses every screen until the kiosk's second RESET (§2.9: loading after its RESET, 3 s, reconnect, a second RESET with a fresh id).
      link.withhold = (m) => m.messageType === 'SCREEN_CHANGE' && link.sentOf('USER_ACTION', 'RESET').length < resets + 2;
      link.kiosk.tapScreensaver();
      await resetAnswered(ctx, link, 6_000, 'the kiosk sends again when its first one brought no screen', resets + 1, ['V2-TRN-10']);
      noError(ctx, link, ['V2-TRN-10'], 'in answer to the kiosk\'s repeated keepalive and RESET');
    },
  },
  {
    id: 'v2-flow/b/1',
    title: 'Amount selection: no limit applied to the amount, PAYMENT_METHOD follows',
    requirements: ['V2-FLOW-3', 'V2-FLOW-4', 'V2-M-1', 'V2-KIO-1'],
    level: 'MUST',
    async run(ctx) {
      const link = await ctx.ready({ provider: ctx.target.providers[0]! });
      const from = link.received.length;
      const amount = ctx.largestAmount(link, Number.MAX_SAFE_INTEGER);
      await ctx.chooseAmount(link, amount);
      const limited = ctx.framesOf(link, 'SCREEN_CHANGE', undefined, from).filter((f) => f.message?.screen === 'LIMIT_ERROR');
      ctx.check('no LIMIT_ERROR in answer to the amount (the limit is per card, decided on CARD_CHECK_RESULT)', ['V2-FLOW-3', 'V2-M-1'], limited.length === 0, 'no LIMIT_ERROR', limited[0]?.text.slice(0, 200) ?? 'none');
      noError(ctx, link, ['V2-FLOW-3', 'V2-KIO-1'], 'in answer to the amount', from);
    },
  },
  {
    id: 'v2-flow/b/2',
    title: 'yaspaEnabled false: the card payment starts 3 s after the amount; no ERROR or LIMIT_ERROR in answer to it',
    requirements: ['V2-FLOW-5', 'V2-M-13', 'V2-FLOW-22'],
    level: 'MUST',
    needs: { provider: 'integra', scenario: 'yaspa-off' },
    async run(ctx) {
      const card = await ctx.card();
      const link = await ctx.ready({ provider: 'integra', scenario: ['yaspa-off'] });
      if (link.kiosk.persisted.deviceConfig?.yaspaEnabled !== false) {
        return ctx.check('the backend configures yaspaEnabled false when asked (yaspa-off)', ['V2-FLOW-5'], false, 'DEVICE_INFO yaspaEnabled false', `yaspaEnabled ${String(link.kiosk.persisted.deviceConfig?.yaspaEnabled)}`, true);
      }
      const screen = link.kiosk.screen;
      if (screen.name !== 'AMOUNT_SELECT') throw new CouldNotRun(`${link.label}: expected AMOUNT_SELECT, the kiosk shows ${screen.name}`);
      const amount = ctx.smallestAmount(link);
      link.terminal.cardChecks.push({ outcome: 'approve', token: card });
      link.terminal.sales.push({ outcome: 'decline' });
      const from = link.received.length;
      if (screen.amounts.includes(amount)) link.kiosk.tapAmount(amount);
      else {
        link.kiosk.tapOther();
        link.kiosk.enterKeypadAmount(amount);
      }
      // §5b step 5: TIMEOUT for 3 s, then the card payment as if DEBIT_CARD were tapped, whatever the backend sends.
      // Judged before the K6 is required: an ERROR ends the kiosk's flow (V2-ERR-1), and then no K6 comes.
      await link.until(() => link.sentOf('CARD_CHECK_RESULT').length > 0, ctx.waits.kioskMs(5_000));
      const first = link.sentOf('CARD_CHECK_RESULT')[0];
      const before = link.received.slice(from).filter((f) => first === undefined || f.event < first.event);
      const breaking = before.filter((f) => f.message?.messageType === 'ERROR' || (f.message?.messageType === 'SCREEN_CHANGE' && f.message.screen === 'LIMIT_ERROR'));
      ctx.check('no ERROR or LIMIT_ERROR in answer to the amount (yaspaEnabled false)', ['V2-FLOW-5'], breaking.length === 0, 'neither', breaking[0]?.text.slice(0, 200) ?? 'none');
      const k6 = await nextCardCheck(ctx, link, 0, 0);
      const limitFrom = link.received.length;
      await limitAnswer(ctx, link, k6);
      await resetAnswered(ctx, link, 6_000, 'after the declined sale');
      const broke = ctx.framesOf(link, 'ERROR', undefined, limitFrom).length;
      ctx.check('no ERROR during the card payment', ['V2-M-13'], broke === 0, 'none', `${broke}`);
    },
  },
  {
    id: 'v2-flow/c/1',
    title: 'Cancel on PAYMENT_METHOD: CANCEL then RESET, answered with AMOUNT_SELECT',
    requirements: ['V2-FLOW-8', 'V2-FLOW-22', 'V2-KIO-3', 'V2-KIO-4', 'V2-ENV-4', 'V2-SCR-2', 'V2-TXN-1'],
    level: 'MUST',
    async run(ctx) {
      const link = await ctx.ready({ provider: ctx.target.providers[0]! });
      if (!(await ctx.chooseAmount(link, ctx.smallestAmount(link)))) return;
      const from = link.received.length;
      link.kiosk.tapCancel();
      const back = await link.until(() => ctx.framesOf(link, 'SCREEN_CHANGE', undefined, from).some((f) => f.message?.screen === 'AMOUNT_SELECT'), ctx.waits.answerMs);
      // d540407's compact CANCEL {} and RESET without data (V2-KIO-3, V2-KIO-4, V2-ENV-4, V2-SCR-2), under the PAYMENT_METHOD's id (V2-TXN-1).
      ctx.check('CANCEL + RESET answered with AMOUNT_SELECT', ['V2-FLOW-8', 'V2-FLOW-22', 'V2-KIO-3', 'V2-KIO-4', 'V2-ENV-4', 'V2-SCR-2', 'V2-TXN-1'], back, `SCREEN_CHANGE AMOUNT_SELECT within ${ctx.waits.answerMs} ms`, describeScreen(link.kiosk.screen));
      noError(ctx, link, ['V2-FLOW-8'], 'in answer to the cancel', from);
    },
  },
  {
    id: 'v2-flow/d/1',
    title: 'Integra: card check first, one LIMIT_CHECK_RESULT, sale, ticket, next customer',
    requirements: ['V2-FLOW-9', 'V2-FLOW-10', 'V2-TXN-3', 'V2-M-3', 'V2-FLOW-13', ...paidToNextCustomerRules],
    level: 'MUST',
    needs: { provider: 'integra' },
    async run(ctx) {
      const { card, link, amount } = await integraSale(ctx, { outcome: 'approve' });
      await paidToNextCustomer(ctx, link, card, amount);
    },
  },
  {
    id: 'v2-flow/d/2',
    title: 'Integra: a declined sale (PAYMENT_RESULT FAILED), then the RESET is answered',
    requirements: ['V2-FLOW-10', 'V2-FLOW-22', 'V2-M-13', 'V2-SCR-7'],
    level: 'MUST',
    needs: { provider: 'integra' },
    async run(ctx) {
      const { link, amount } = await integraSale(ctx, { outcome: 'decline' });
      await ctx.payByCard(link, amount);
      const k6 = await nextCardCheck(ctx, link, 0, ctx.waits.kioskMs(2_000));
      const from = link.received.length;
      await limitAnswer(ctx, link, k6);
      await resetAnswered(ctx, link, 6_000, 'after the declined sale', undefined, ['V2-SCR-7']);
      const broke = ctx.framesOf(link, 'ERROR', undefined, from).length + ctx.framesOf(link, 'SCREEN_CHANGE', undefined, from).filter((f) => f.message?.screen === 'FAILED').length;
      ctx.check('the backend leaves the kiosk alone during the payment', ['V2-M-13'], broke === 0, 'no ERROR or FAILED from the backend', `${broke}`);
    },
  },
  {
    id: 'v2-flow/e/1',
    title: 'Mock provider: PAYMENT_RESULT with no card check is taken, ticket, next customer',
    requirements: ['V2-FLOW-11', 'V2-FLOW-13', 'V2-FLOW-24', 'V2-SCR-4', 'V2-KIO-7', 'V2-KIO-8'],
    level: 'MUST',
    needs: { provider: 'mock' },
    async run(ctx) {
      const link = await ctx.ready({ provider: 'mock' });
      const amount = ctx.smallestAmount(link) === 101 ? 100 : ctx.smallestAmount(link);
      await ctx.payByCard(link, amount);
      const paid = await link.until(() => link.sentOf('PAYMENT_RESULT').length > 0, ctx.waits.kioskMs(12_000));
      if (!paid) return ctx.check('the mock kiosk reports its sale', ['V2-FLOW-11'], false, 'PAYMENT_RESULT', describeScreen(link.kiosk.screen), true);
      await ticketToNextCustomer(ctx, link, link.received.length);
      noError(ctx, link, ['V2-FLOW-11'], 'for the mock payment');
    },
  },
  {
    id: 'v2-flow/f/1',
    title: 'NNSmart: sale first, CARD_CHECK_RESULT APPROVED, PAYMENT_RESULT, ticket, next customer',
    requirements: ['V2-FLOW-12', 'V2-M-2', 'V2-TXN-3', 'V2-M-3', 'V2-FLOW-13', ...paidToNextCustomerRules],
    level: 'MUST',
    needs: { provider: 'nnsmart' },
    async run(ctx) {
      const card = await ctx.card();
      const link = await ctx.ready({ provider: 'nnsmart' });
      const amount = ctx.smallestAmount(link);
      link.terminal.nnsmartSales.push({ outcome: 'approve', par: card });
      await paidToNextCustomer(ctx, link, card, amount);
    },
  },
  {
    id: 'v2-flow/g/1',
    title: 'The link is down 20 s before COLLECT_TICKET: the kiosk reverses the sale itself; its result, sent on the next connection, is taken without ERROR',
    requirements: ['V2-FLOW-14', 'V2-TRN-11', 'V2-TRN-9', 'V2-SCR-7'],
    level: 'MUST',
    needs: { provider: 'integra' },
    async run(ctx) {
      const { card, link, amount } = await integraSale(ctx, { outcome: 'approve' });
      link.terminal.reversals.push({ outcome: 'approve' });
      // The network goes down as the first screen after the sale arrives (before COLLECT_TICKET), and stays down past the 20 s grace (§5g).
      link.cutBeforeDelivering = (m) => {
        const cut = m.messageType === 'SCREEN_CHANGE' && (m.screen === 'RECEIPT_QUESTION' || m.screen === 'PRINT_TICKET') && link.sentOf('PAYMENT_RESULT', 'SUCCESS').length > 0;
        if (cut) link.offline = true;
        return cut;
      };
      await ctx.payByCard(link, amount);
      const k6 = await nextCardCheck(ctx, link, 0, ctx.waits.kioskMs(2_000));
      await limitAnswer(ctx, link, k6);
      const down = await link.until(() => link.offline, ctx.waits.afterSaleMs + ctx.waits.kioskMs(2_000));
      if (!down) throw new CouldNotRun(`${link.label}: no RECEIPT_QUESTION or PRINT_TICKET after the sale to cut the link at (${describeScreen(link.kiosk.screen)})`);
      const stored = await link.until(() => link.kiosk.persisted.pendingCriticalMessage !== undefined, ctx.waits.kioskMs(30_000));
      if (!stored) throw new CouldNotRun(`${link.label}: the kiosk did not reverse the sale after 20 s without the backend (${describeScreen(link.kiosk.screen)})`);
      const resets = link.sentOf('USER_ACTION', 'RESET').length;
      const reconnected = link.received.length;
      link.offline = false;
      const reported = await link.until(() => link.sentOf('REVERSAL_RESULT').length > 0, ctx.waits.kioskMs(7_000));
      if (!reported) throw new CouldNotRun(`${link.label}: the kiosk did not send its stored REVERSAL_RESULT on reconnecting (${describeScreen(link.kiosk.screen)})`);
      const result = link.sentOf('REVERSAL_RESULT')[0]!;
      const from = link.received.filter((f) => f.event < result.event).length;
      await ctx.quiet(ctx.waits.answerMs / 2);
      noError(ctx, link, ['V2-FLOW-14', 'V2-TRN-11'], 'in answer to the ticket-recovery REVERSAL_RESULT', from);
      const back = await link.until(() => ctx.framesOf(link, 'SCREEN_CHANGE', undefined, reconnected).some((f) => f.message?.screen === 'AMOUNT_SELECT'), ctx.waits.answerMs);
      ctx.check('the reconnected kiosk gets AMOUNT_SELECT, unasked', ['V2-TRN-9'], back, `SCREEN_CHANGE AMOUNT_SELECT within ${ctx.waits.answerMs} ms of reconnecting`, describeScreen(link.kiosk.screen));
      if (link.sentOf('USER_ACTION', 'RESET').length > resets) await resetAnswered(ctx, link, 0, 'after the ticket recovery', resets, ['V2-SCR-7']);
      // A sale the kiosk reversed no longer counts (M8; its books side is v2-money/12/2); one it could not reverse does.
      if (String(result.message?.screen) !== 'SUCCESS') ctx.leaveCounted(card, amount);
    },
  },
  {
    id: 'v2-flow/h/1',
    title: 'Printer fault: REVERSAL_REQUEST for the sale, no COLLECT_TICKET or THANK_YOU, RESET answered',
    requirements: ['V2-FLOW-16', 'V2-M-14', 'V2-M-11', 'V2-FLOW-17', 'V2-BAK-8', 'V2-SCR-7'],
    level: 'MUST',
    needs: { provider: 'integra', scenario: 'printer-fault' },
    async run(ctx) {
      const { link, saleId, from, asked } = await printFailure(ctx);
      const finished = ctx.framesOf(link, 'SCREEN_CHANGE', undefined, from).filter((f) => f.message?.screen === 'COLLECT_TICKET' || f.message?.screen === 'THANK_YOU');
      ctx.check('after the print failure: a reversal request, no COLLECT_TICKET or THANK_YOU', ['V2-FLOW-16', 'V2-M-14'], asked && finished.length === 0, 'REVERSAL_REQUEST or REFUND_REQUEST, and no COLLECT_TICKET / THANK_YOU', asked ? `${finished.length} ticket screens` : `no reversal request; screens ${ctx.framesOf(link, 'SCREEN_CHANGE', undefined, from).map((f) => String(f.message?.screen)).join(' > ')}`);
      const named = reversalRequestsSince(ctx, link, from)[0]!.message?.data?.originalTransactionId;
      ctx.check('the reversal request names the kiosk\'s latest sale', ['V2-M-11'], named === undefined || named === null || named === saleId, `originalTransactionId "${saleId}" (or none: the kiosk reverses its last sale)`, JSON.stringify(named));
      backendFramesValid(ctx, ['V2-BAK-8', 'V2-BAK-11']);
      await resetAnswered(ctx, link, 6_000, 'after the reversal', undefined, ['V2-SCR-7']);
    },
  },
  {
    id: 'v2-flow/i/1',
    title: 'Recovery after a restart: a RECOVERY_REVERSED for a sale the backend never heard of is recorded, never ERROR',
    requirements: ['V2-FLOW-18', 'V2-M-9', 'V2-TRN-11', 'V2-TRN-9', 'V2-KIO-9', 'V2-KIO-10', 'V2-KIO-11', 'V2-KIO-12', 'V2-SCR-7'],
    level: 'MUST',
    needs: { provider: 'nnsmart' },
    async run(ctx) {
      const recovered = await unknownSaleRecovered(ctx);
      if (!recovered) return;
      const { link, result, resets } = recovered;
      const from = link.received.filter((f) => f.event < result.event).length;
      await ctx.quiet(ctx.waits.answerMs);
      // d540407's builder-made K8a (RECOVERY_REVERSAL_<T>, BankResultCode "00" or ""): V2-KIO-9 to V2-KIO-12.
      noError(ctx, link, ['V2-M-9', 'V2-KIO-9', 'V2-KIO-10', 'V2-KIO-11', 'V2-KIO-12'], 'in answer to the recovery result', from);
      await resetAnswered(ctx, link, 4_000, 'after the recovery', resets, ['V2-SCR-7']);
    },
  },
  {
    id: 'v2-flow/j/1',
    title: 'INFO_SCREEN: the kiosk\'s DEVICE_IP and DEVICE_SERIAL ("unknown") are taken without ERROR',
    requirements: ['V2-FLOW-19', 'V2-ERR-6', 'V2-TXN-5', 'V2-KIO-14', 'V2-KIO-15', 'V2-MSG-3'],
    level: 'MUST',
    needs: { scenario: 'device-info-request' },
    async run(ctx) {
      const link = await ctx.ready({ provider: ctx.target.providers[0]!, scenario: ['device-info-request'] });
      const answered = await link.until(() => link.sentOf('DEVICE_INFO').length >= 2, ctx.waits.answerMs);
      if (!answered) return ctx.check('the backend asks for device information', ['V2-FLOW-19'], false, 'INFO_SCREEN DEVICE_INFO', 'none', true);
      await ctx.quiet(ctx.waits.answerMs / 2);
      // DEVICE_INFO goes both ways (V2-MSG-3): the kiosk's K9 and K10 (V2-KIO-14, V2-KIO-15) are taken.
      noError(ctx, link, ['V2-ERR-6', 'V2-KIO-14', 'V2-KIO-15', 'V2-MSG-3'], 'in answer to DEVICE_IP / DEVICE_SERIAL');
    },
  },
  {
    id: 'v2-flow/k/1',
    title: 'RESTART_APP: the relaunched kiosk gets its configuration and AMOUNT_SELECT',
    requirements: ['V2-FLOW-21', 'V2-TRN-9', 'V2-BAK-7'],
    level: 'MUST',
    needs: { scenario: 'restart-app' },
    async run(ctx) {
      const link = await ctx.ready({ provider: ctx.target.providers[0]!, scenario: ['restart-app'] });
      const died = await link.until(() => !link.kiosk.isAlive, ctx.waits.kioskMs(1_000));
      if (!died) return ctx.check('the backend sends RESTART_APP when asked', ['V2-FLOW-21'], false, 'RESTART_APP', 'none', true);
      link.relaunch();
      const from = link.received.length;
      const back = await link.until(() => ctx.framesOf(link, 'SCREEN_CHANGE', undefined, from).some((f) => f.message?.screen === 'AMOUNT_SELECT'), ctx.waits.answerMs);
      ctx.check('the relaunched kiosk gets AMOUNT_SELECT on connect', ['V2-TRN-9'], back, 'SCREEN_CHANGE AMOUNT_SELECT', describeScreen(link.kiosk.screen));
    },
  },
  {
    id: 'v2-flow/l/1',
    title: 'Idle CANCEL on AMOUNT_SELECT, keepalive, screensaver RESET: no ERROR, AMOUNT_SELECT',
    requirements: ['V2-FLOW-23', 'V2-TRN-6', 'V2-FLOW-22', 'V2-ERR-1', 'V2-ERR-7', 'V2-KIO-3', 'V2-ENV-8', 'V2-TRN-5', 'V2-TRN-7'],
    level: 'MUST',
    async run(ctx) {
      const link = await ctx.ready({ provider: ctx.target.providers[0]! });
      const idleFrom = link.received.length;
      const idle = await link.until(() => link.kiosk.screensaverVisible, ctx.waits.kioskMs(31_000));
      if (!idle) return ctx.check('the kiosk times out on AMOUNT_SELECT', ['V2-FLOW-23'], false, 'idle CANCEL', describeScreen(link.kiosk.screen), true);
      await ctx.quiet(ctx.waits.answerMs / 2);
      noError(ctx, link, ['V2-FLOW-23', 'V2-KIO-3'], 'in answer to the idle CANCEL');
      // An unexpected USER_ACTION gets the current screen or nothing (V2-ERR-7); for the idle CANCEL, nothing or AMOUNT_SELECT (V2-FLOW-23).
      // INFO_SCREEN changes no display (§5 j), so a backend may ask for device information at any time.
      const other = ctx.framesOf(link, 'SCREEN_CHANGE', undefined, idleFrom).filter((f) => f.message?.screen !== 'AMOUNT_SELECT' && f.message?.screen !== 'INFO_SCREEN');
      ctx.check('the idle CANCEL is answered with nothing or AMOUNT_SELECT', ['V2-FLOW-23', 'V2-ERR-7'], other.length === 0, 'no screen but AMOUNT_SELECT', other[0]?.text.slice(0, 200) ?? 'none');
      // d540407 never pings and never answers a close frame (§2.4, §2.6): its connection stays up through the idle period.
      ctx.check('the backend keeps the idle kiosk connected: no close for not pinging, no close frame as a signal', ['V2-TRN-5', 'V2-TRN-7'], link.closes === 0 && link.connections === 1, 'one connection, never closed', `${link.connections} connections, ${link.closes} closed`);
      const from = link.received.length;
      link.kiosk.tapScreensaver();
      const back = await link.until(() => ctx.framesOf(link, 'SCREEN_CHANGE', undefined, from).some((f) => f.message?.screen === 'AMOUNT_SELECT'), ctx.waits.answerMs);
      ctx.check('keepalive then RESET: AMOUNT_SELECT, nothing for the keepalive', ['V2-FLOW-22', 'V2-TRN-6'], back, 'SCREEN_CHANGE AMOUNT_SELECT', describeScreen(link.kiosk.screen));
      noError(ctx, link, ['V2-TRN-6'], 'in answer to the keepalive', from);
      const echoed = link.received.slice(from).filter((f) => f.message === undefined || f.message.messageType === undefined);
      ctx.check('the keepalive is not answered', ['V2-TRN-6', 'V2-ENV-8'], echoed.length === 0, 'no frame that is not a message', echoed[0]?.text ?? 'none');
    },
  },
];
