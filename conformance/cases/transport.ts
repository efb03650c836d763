import type { ConformanceCase } from '../case.js';
import { start, framesValid } from './helpers.js';

/** Section 1, transport (TRN). */
export const transportCases: ConformanceCase[] = [
  {
    id: 'transport/1/1',
    title: 'A WebSocket opens and the server sends AMOUNT_SELECT "initial" in a text frame within 1 s',
    requirements: ['TRN-1', 'TRN-2', 'FLOW-1', 'ENV-7'],
    level: 'MUST',
    async run(ctx) {
      await start(ctx, {}, ['TRN-1', 'FLOW-1', 'ENV-7']);
      framesValid(ctx, ['TRN-2']);
    },
  },
  {
    id: 'transport/3/1',
    title: 'A binary frame is answered by close code 1003',
    requirements: ['TRN-3'],
    level: 'MUST',
    async run(ctx) {
      const { t } = await start(ctx);
      t.sendBinary(Buffer.from(JSON.stringify(ctx.message(t, 'AMOUNT_SELECT', { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }))));
      await ctx.expectClose(t, 1003, { requirements: ['TRN-3'] });
    },
  },
  {
    id: 'transport/4/1',
    title: 'A text frame over 64 KiB is answered by close code 1009',
    requirements: ['TRN-4'],
    level: 'MUST',
    async run(ctx) {
      const { t } = await start(ctx);
      const message = ctx.message(t, 'AMOUNT_SELECT', { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON', padding: 'x'.repeat(65_536) });
      t.send(message);
      await ctx.expectClose(t, 1009, { requirements: ['TRN-4'] });
    },
  },
  {
    id: 'transport/6/1',
    title: 'A second connection of the same terminal replaces the first, which is closed with 4001',
    requirements: ['TRN-6'],
    level: 'MUST',
    async run(ctx) {
      const { t: first } = await start(ctx);
      const second = await start(ctx);
      await ctx.expectClose(first, 4001, { requirements: ['TRN-6'], title: 'the older connection is closed with 4001' });
      ctx.check('the close reason names the replacement', ['TRN-6'], /replaced/i.test(first.closed?.reason ?? ''), 'reason "replaced by a newer connection"', JSON.stringify(first.closed?.reason ?? ''), true);
      ctx.say.preset(second.t, second.amounts[0] ?? 1);
      await ctx.expectScreen(second.t, 'PAYMENT_METHOD', { requirements: ['TRN-6', 'FLOW-2'], title: 'the newer connection is served' });
    },
  },
  {
    id: 'transport/7/1',
    title: 'A WebSocket ping is answered with a pong',
    requirements: ['TRN-7'],
    level: 'MUST',
    async run(ctx) {
      const { t } = await start(ctx);
      t.ping('paysock');
      const deadline = Date.now() + ctx.waits.answerMs;
      while (t.pongs === 0 && Date.now() < deadline && !t.closed) await t.next(Math.max(1, Math.min(50, deadline - Date.now())));
      ctx.check('pong received', ['TRN-7'], t.pongs > 0, `a pong within ${ctx.waits.answerMs} ms`, t.pongs > 0 ? 'pong' : t.closed ? `connection closed (${t.closed.code})` : 'no pong');
    },
  },
  {
    id: 'transport/9/1',
    title: 'The {"ping":true} keepalive is ignored: no answer, no ERROR, not counted as abuse',
    requirements: ['TRN-9', 'DIA-6', 'ERR-5'],
    level: 'MUST',
    async run(ctx) {
      const { t, amounts } = await start(ctx);
      t.send('{"ping":true}');
      await ctx.expectNoAnswer(t, ctx.waits.silenceMs, { requirements: ['TRN-9'], title: 'one keepalive gets no answer' });
      for (let i = 0; i < 25; i++) t.send('{"ping":true}');
      await ctx.expectNoAnswer(t, ctx.waits.silenceMs, { requirements: ['TRN-9', 'ERR-5'], title: '25 keepalives get no answer and do not close the connection' });
      ctx.say.preset(t, amounts[0] ?? 0);
      await ctx.expectScreen(t, 'PAYMENT_METHOD', { requirements: ['TRN-9', 'FLOW-2'], title: 'the terminal is still served' });
    },
  },
  {
    id: 'transport/10/1',
    title: 'A text frame that is not valid UTF-8 is answered by close code 1007',
    requirements: ['TRN-10'],
    level: 'MUST',
    async run(ctx) {
      const { t } = await start(ctx);
      t.sendRawText(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0xff, 0xfe, 0x22, 0x7d]), '<8 bytes: {"\\xc3(\\xff\\xfe"} (invalid UTF-8)>');
      await ctx.expectClose(t, 1007, { requirements: ['TRN-10'] });
    },
  },
  {
    id: 'transport/11/1',
    title: "The handshake with OkHttp 4.11's permessage-deflate offer and no subprotocol succeeds",
    requirements: ['TRN-11'],
    level: 'SHOULD',
    async run(ctx) {
      await start(ctx, { deflate: true, headers: { 'User-Agent': 'okhttp/4.11.0' } }, ['TRN-11', 'FLOW-1']);
    },
  },
];
