import type { ConformanceCase } from '../case.js';
import { CouldNotRun, NotApplicable, Skipped } from '../case-errors.js';
import { payToSuccess, start } from './helpers.js';

/** Section 14, test control (TC). */
export const testControlCases: ConformanceCase[] = [
  {
    id: 'test-control/2/1',
    title: 'An applied scenario is echoed in X-Test-Scenario-Accepted',
    requirements: ['TC-2', 'TC-3'],
    level: 'MUST',
    needs: { features: ['testControl'] },
    async run(ctx) {
      const connection = await ctx.open({ scenarioUnchecked: 'decline' });
      // A backend may support only some scenarios: one it does not accept is a SKIP (clarifications, Test control), never a FAIL.
      if (connection.acceptedScenario === undefined) throw new Skipped('needs test control: the backend did not accept X-Test-Scenario: decline');
      ctx.check('the scenario is echoed as sent', ['TC-2'], connection.acceptedScenario === 'decline', 'X-Test-Scenario-Accepted: decline', String(connection.acceptedScenario));
    },
  },
  {
    id: 'test-control/4/1',
    title: 'A connection without the header uses approve, whatever an earlier connection asked for',
    requirements: ['TC-4'],
    level: 'MUST',
    needs: { scenario: 'decline', payments: 1 },
    async run(ctx) {
      const declined = await ctx.open({ scenario: 'decline' });
      declined.close();
      const s = await start(ctx);
      await payToSuccess(ctx, s);
    },
  },
  {
    id: 'test-control/5/1',
    title: 'A backend without test control never echoes X-Test-Scenario-Accepted',
    requirements: ['TC-5'],
    level: 'SHOULD',
    async run(ctx) {
      if (ctx.target.features.testControl) throw new NotApplicable('the target declares test control');
      const { connection, outcome } = await ctx.tryOpen({ scenarioUnchecked: 'decline' });
      // A handshake that did not happen proves nothing about TC-5: the case could not run.
      if (!outcome.ok) throw new CouldNotRun(`handshake failed: ${outcome.reason}`);
      ctx.check('no acceptance header', ['TC-5'], connection.acceptedScenario === undefined, 'no X-Test-Scenario-Accepted', String(connection.acceptedScenario));
    },
  },
  {
    id: 'test-control/6/1',
    title: 'An unknown scenario is not accepted and the connection proceeds as approve',
    requirements: ['TC-6'],
    level: 'SHOULD',
    needs: { payments: 1 },
    async run(ctx) {
      const { connection, outcome } = await ctx.tryOpen({ scenarioUnchecked: 'paysock-no-such-scenario' });
      if (!outcome.ok) throw new CouldNotRun(`handshake failed: ${outcome.reason}`);
      ctx.check('not accepted', ['TC-6'], connection.acceptedScenario === undefined, 'no X-Test-Scenario-Accepted', String(connection.acceptedScenario));
      await ctx.expectScreen(connection, 'AMOUNT_SELECT', { requirements: ['FLOW-1'], txn: 'initial' });
      const s = { t: connection, amounts: [] as number[], showOtherOption: false };
      const first = connection.lastScreen?.data as { amounts?: number[] } | undefined;
      s.amounts = [...(first?.amounts ?? [])].sort((a, b) => a - b);
      await payToSuccess(ctx, s);
    },
  },
];
