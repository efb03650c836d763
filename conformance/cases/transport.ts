import type { ConformanceCase } from '../case.js';
import { CouldNotRun, NotApplicable } from '../case-errors.js';
import type { CaseContext } from '../context.js';
import { probeTls } from '../tls-probe.js';
import { describeArrival } from '../verifiers.js';
import { framesValid, start } from './helpers.js';

/** The declared ping interval (TRN-8) and the waits derived from it; N/A when the target declares none. */
function pingTimings(ctx: CaseContext): { interval: number; pingMs: number; pongDropMs: number } {
  const interval = ctx.target.timings.pingIntervalMs;
  const { pingMs, pongDropMs } = ctx.waits;
  if (interval === undefined || pingMs === undefined || pongDropMs === undefined) throw new NotApplicable('the target does not declare its ping interval (timings.pingIntervalMs, --ping-interval-ms)');
  return { interval, pingMs, pongDropMs };
}

/** Section 1, transport (TRN). */
export const transportCases: ConformanceCase[] = [
  {
    id: 'transport/1/1',
    title: 'A WebSocket opens and the server sends AMOUNT_SELECT "initial" in a text frame within 1 s',
    requirements: ['TRN-1', 'TRN-2', 'FLOW-1', 'ENV-7'],
    level: 'MUST',
    firstScreenGate: true,
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
    id: 'transport/5/1',
    title: 'A wss:// endpoint refuses a TLS 1.1 handshake and accepts TLS 1.2',
    requirements: ['TRN-5'],
    level: 'SHOULD',
    needs: { features: ['tls'] },
    async run(ctx) {
      const url = new URL(ctx.target.url);
      if (url.protocol !== 'wss:') throw new NotApplicable('the target URL is ws://: TLS versions apply to wss:// only');
      const within = ctx.waits.answerMs * 5;
      const old = await probeTls(url, 'TLSv1.1', ctx.target.tls, within);
      ctx.log.add('tls', 'event', 'http', `TLS 1.1-only handshake: ${old.kind === 'accepted' ? `accepted (${old.protocol})` : `${old.kind}: ${old.detail}`}`);
      // Never a PASS by default: a client that cannot offer TLS 1.1 has learnt nothing about the server.
      if (old.kind === 'cannot-attempt') throw new CouldNotRun(`this runner (Node ${process.versions.node}, OpenSSL ${process.versions.openssl}) cannot offer TLS 1.1: ${old.detail}`);
      if (old.kind === 'undecided') throw new CouldNotRun(`the TLS 1.1 probe was inconclusive: ${old.detail}`);
      ctx.check('a TLS 1.1-only handshake is refused', ['TRN-5'], old.kind === 'refused', 'the handshake refused (TLS 1.2 minimum)', old.kind === 'accepted' ? `the server accepted it and negotiated ${old.protocol}` : `refused: ${old.detail}`);
      const current = await probeTls(url, 'TLSv1.2', ctx.target.tls, within);
      ctx.log.add('tls', 'event', 'http', `TLS 1.2-only handshake: ${current.kind === 'accepted' ? `accepted (${current.protocol})` : `${current.kind}: ${current.detail}`}`);
      const hint = current.kind !== 'accepted' && /CERT|SELF_SIGNED|VERIFY/i.test(current.detail) ? ' (trust the certificate with --tls-ca <file>, or --tls-insecure)' : '';
      ctx.check('a TLS 1.2 handshake succeeds', ['TRN-5'], current.kind === 'accepted' && current.protocol === 'TLSv1.2', 'negotiated TLSv1.2', current.kind === 'accepted' ? `negotiated ${current.protocol}` : `${current.kind}: ${current.detail}${hint}`);
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
    id: 'transport/8/1',
    title: 'The server sends its own WebSocket pings',
    requirements: ['TRN-8'],
    level: 'SHOULD',
    async run(ctx) {
      const { interval, pingMs } = pingTimings(ctx);
      const { t } = await start(ctx);
      await t.until(() => t.pings > 0 || t.closed !== undefined, pingMs);
      const actual = t.pings > 0 ? `${t.pings} ping(s)` : t.closed ? `connection closed with ${t.closed.code} before any ping` : `no ping within ${pingMs} ms`;
      ctx.check('the server pings the terminal', ['TRN-8'], t.pings > 0, `a WebSocket ping within ${pingMs} ms (2.5 × the declared ${interval} ms interval)`, actual);
    },
  },
  {
    id: 'transport/8/2',
    title: 'A peer that misses two pongs in a row is dropped; a peer that answers stays',
    requirements: ['TRN-8'],
    level: 'SHOULD',
    needs: { terminals: 2 },
    async run(ctx) {
      const { interval, pingMs, pongDropMs } = pingTimings(ctx);
      const silent = await start(ctx, { as: 'A', autoPong: false, label: 'A (no pongs)' });
      const answering = await start(ctx, { as: 'B' });
      await silent.t.until(() => silent.t.closed !== undefined, pongDropMs);
      const closed = silent.t.closed;
      const lasted = Date.now() - silent.t.openedAt;
      ctx.check(
        'the peer that answers no ping is dropped',
        ['TRN-8'],
        closed !== undefined,
        `the connection dropped within ${pongDropMs} ms (3 × the declared ${interval} ms interval + margin)`,
        closed ? `closed with ${closed.code} after ${lasted} ms and ${silent.t.pings} unanswered ping(s)` : `still open after ${lasted} ms and ${silent.t.pings} unanswered ping(s)`,
      );
      // One more ping round proves the server keeps a peer that answers, rather than dropping everyone at once.
      const seen = answering.t.pings;
      await answering.t.until(() => answering.t.pings > seen || answering.t.closed !== undefined, pingMs);
      const gone = answering.t.closed;
      ctx.check('the peer that answers every ping stays connected', ['TRN-8'], gone === undefined, 'the connection still open', gone ? `closed with ${gone.code}` : `open, ${answering.t.pings} ping(s) answered`);
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
    title: 'A text frame that is not valid UTF-8 fails the connection (close 1007, or dropped)',
    requirements: ['TRN-10', 'TRN-12'],
    level: 'MUST',
    async run(ctx) {
      const { t } = await start(ctx);
      t.sendRawText(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0xff, 0xfe, 0x22, 0x7d]), '<8 bytes: {"\\xc3(\\xff\\xfe"} (invalid UTF-8)>');
      // RFC 6455 8.1 requires failing the connection; 7.1.7 makes the close frame (and so its code) optional.
      const within = ctx.allow(t, ctx.waits.answerMs);
      await t.until(() => t.closed !== undefined, within);
      const closed = t.closed;
      ctx.check('the connection is failed', ['TRN-10'], closed !== undefined, `the connection closed or dropped within ${within} ms`, closed ? `closed with ${closed.code}` : `still open after ${within} ms: ${describeArrival(t.pending()[0])}`);
      ctx.check('the close carries code 1007', ['TRN-12'], closed?.code === 1007, 'close code 1007', closed?.code === 1006 ? 'dropped without a close frame (1006)' : `close code ${closed?.code}`, true);
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
