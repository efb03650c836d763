import type { ConformanceCase } from '../case.js';
import { followReceipt, payToSuccess, start } from './helpers.js';

/** Section 11, the screen graph (GRAPH). Every case also fails on any illegal transition. */
export const graphCases: ConformanceCase[] = [
  {
    id: 'graph/1/1',
    title: 'Two full cycles follow the screen graph',
    requirements: ['GRAPH-1', 'FLOW-18'],
    level: 'MUST',
    needs: { payments: 2 },
    async run(ctx) {
      const s = await start(ctx);
      for (let i = 0; i < 2; i++) {
        const paid = await payToSuccess(ctx, s);
        await followReceipt(ctx, s.t, paid.showReceipt);
      }
      const illegal = ctx.connections.flatMap((c) => c.illegalTransitions);
      ctx.check('no illegal transition', ['GRAPH-1', 'FLOW-18'], illegal.length === 0, 'only transitions of section 11', illegal.length === 0 ? 'none illegal' : illegal.join(', '));
    },
  },
];
