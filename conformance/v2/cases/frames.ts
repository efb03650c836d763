import { CouldNotRun } from '../../case-errors.js';
import type { V2Case } from '../case.js';
import { describeScreen, type V2CaseContext } from '../context.js';
import type { KioskLink } from '../kiosk-link.js';
import { integraSale, limitAnswer, nextCardCheck, noError, resetAnswered } from './helpers.js';

/**
 * Odd but real frames of d540407 a backend must survive (pinto-android-2.md
 * §3.1, §7.4): a PAYMENT_RESULT that is not JSON, timestamps of a skewed
 * device clock. The virtual kiosk writes them as the app does; nothing here
 * forges a frame.
 */

/** The kiosk sends a RESET from AMOUNT_SELECT: the keypad's cancel, or a tap on the screensaver after the idle timeout. */
async function kioskResets(ctx: V2CaseContext, link: KioskLink): Promise<number> {
  const resets = link.sentOf('USER_ACTION', 'RESET').length;
  if (link.kiosk.screen.name === 'AMOUNT_SELECT' && link.kiosk.screen.showOtherOption) {
    link.kiosk.tapOther();
    link.kiosk.cancelKeypad();
    return resets;
  }
  const idle = await link.until(() => link.kiosk.screensaverVisible, ctx.waits.kioskMs(31_000));
  if (!idle) throw new CouldNotRun(`${link.label}: no "Other" button and no idle timeout on AMOUNT_SELECT (${describeScreen(link.kiosk.screen)})`);
  link.kiosk.tapScreensaver();
  return resets;
}

export const v2FrameCases: readonly V2Case[] = [
  {
    id: 'v2-frames/1/1',
    title: 'A PAYMENT_RESULT that is not JSON (a terminal message with a quote): no ERROR, no close, the RESET answered',
    requirements: ['V2-ENV-6', 'V2-ERR-5', 'V2-ERR-1', 'V2-FLOW-22', 'V2-SCR-7'],
    level: 'MUST',
    needs: { provider: 'integra' },
    async run(ctx) {
      // The inline PAYMENT_RESULT of an Integra sale pastes the terminal's message unescaped (§3.1.2, PaymentViewModel.kt:1433-1438).
      const { card, link, amount } = await integraSale(ctx, { outcome: 'decline', message: 'Declined "do not honour"' });
      await ctx.payByCard(link, amount);
      const k6 = await nextCardCheck(ctx, link, 0, ctx.waits.kioskMs(2_000));
      await limitAnswer(ctx, link, k6);
      const sent = await link.until(() => link.sent.some((f) => f.event > k6.event && f.message === undefined && f.text.includes('PAYMENT_RESULT')), ctx.waits.kioskMs(2_000));
      if (!sent) throw new CouldNotRun(`${link.label}: the kiosk sent no unparseable PAYMENT_RESULT (${describeScreen(link.kiosk.screen)})`);
      // The backend cannot read the result: the approved amount may stay reserved as of unknown outcome (V2-M-7).
      ctx.leaveCounted(card, amount);
      const broken = link.sent.find((f) => f.event > k6.event && f.message === undefined)!;
      const from = link.received.filter((f) => f.event < broken.event).length;
      const resets = link.sentOf('USER_ACTION', 'RESET').length;
      await resetAnswered(ctx, link, 6_000, 'after the unparseable PAYMENT_RESULT', resets, ['V2-SCR-7', 'V2-ERR-5']);
      noError(ctx, link, ['V2-ERR-5', 'V2-ENV-6'], 'in answer to the frame that is not JSON', from);
      ctx.check('the backend keeps the connection after the frame that is not JSON', ['V2-ERR-5', 'V2-ENV-6'], link.closes === 0, 'the connection stays open', `${link.closes} closed`);
    },
  },
  {
    id: 'v2-frames/2/1',
    title: 'A kiosk whose clock is a day behind: its RESET is answered, no ERROR',
    requirements: ['V2-ENV-7', 'V2-FLOW-22', 'V2-TXN-2'],
    level: 'MUST',
    async run(ctx) {
      const link = await ctx.ready({ provider: ctx.target.providers[0]!, clockSkewMs: -24 * 3_600_000 });
      const from = link.received.length;
      const resets = await kioskResets(ctx, link);
      await resetAnswered(ctx, link, 0, 'from the kiosk with a skewed clock', resets, ['V2-ENV-7']);
      noError(ctx, link, ['V2-ENV-7'], 'for the skewed timestamps', from);
    },
  },
];
