import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { ServerMetrics } from '../../reference-server/metrics.js';
import type { OutboundMessage } from '../../reference-server/outbound.js';
import { approve } from '../../reference-server/scenario.js';
import { ServerConnection, type ConnectionTerminal } from '../../reference-server/server-connection.js';
import { VariantSet } from '../../reference-server/variants.js';

/** A socket that counts corks and the writes ws would make while corked. */
function fakeSocket() {
  const calls: string[] = [];
  return { calls, socket: { cork: () => calls.push('cork'), uncork: () => calls.push('uncork') } as unknown as Socket };
}

/** A ws stand-in: open, recording each frame's text. */
function fakeWs(calls: string[]) {
  const ws = Object.assign(new EventEmitter(), {
    OPEN: 1,
    CONNECTING: 0,
    readyState: 1,
    // A frame must go as text (TRN-3): a Buffer only with binary false.
    send: (data: string | Buffer, options?: { binary?: boolean }) => calls.push(typeof data === 'string' || options?.binary === false ? `send ${data.toString()}` : 'send BINARY'),
  });
  return ws as unknown as WebSocket;
}

/** A correct server's connection context whose after-commit writes wait in `waiting` until the test runs them. */
function connectionContext(waiting: Array<() => void>) {
  return {
    variants: new VariantSet(),
    logger: pino({ level: 'silent' }),
    metrics: new ServerMetrics(),
    selfCheck: false,
    afterCommit: (write: () => void) => waiting.push(write),
  };
}

const screen = (screen: OutboundMessage['screen'], transactionId = 'T-1'): OutboundMessage => ({ messageType: 'SCREEN_CHANGE', screen, data: {}, transactionId });

describe('connection output', () => {
  it('corks the socket once for all frames of a turn and uncorks it when the turn ends', async () => {
    const { calls, socket } = fakeSocket();
    const waiting: Array<() => void> = [];
    const ctx = connectionContext(waiting);
    const connection = new ServerConnection(ctx, fakeWs(calls), 'K1', approve, {} as ConnectionTerminal, socket);
    connection.send(screen('PROCESSING'));
    connection.send({ messageType: 'STATUS_UPDATE', screen: 'PROCESSING', data: { status: 'AUTHORISING', message: 'x' }, transactionId: 'T-1' });
    // Write-ahead: nothing reaches the socket before the commit.
    expect(calls).toEqual([]);
    waiting.splice(0).forEach((w) => w());
    expect(calls.map((c) => c.split(' ')[0])).toEqual(['cork', 'send', 'send']);
    await new Promise((resolve) => process.nextTick(resolve));
    expect(calls.at(-1)).toBe('uncork');
    expect(JSON.parse(calls[1]!.slice(5))).toMatchObject({ messageType: 'SCREEN_CHANGE', screen: 'PROCESSING', transactionId: 'T-1' });
  });

  it('queues one after-commit write per turn for all its frames, a new one after the turn commits, and keeps a close behind earlier frames', () => {
    const { calls, socket } = fakeSocket();
    const waiting: Array<() => void> = [];
    let epoch = 7;
    const ctx = { ...connectionContext(waiting), commitEpoch: () => epoch };
    const ws = Object.assign(fakeWs(calls), { close: (code: number) => calls.push(`close ${code}`) }) as unknown as WebSocket;
    const connection = new ServerConnection(ctx, ws, 'K1', approve, {} as ConnectionTerminal, socket);
    connection.send(screen('SUCCESS'));
    connection.send(screen('PRINT_TICKET'));
    connection.send(screen('COLLECT_TICKET'));
    expect(waiting).toHaveLength(1);
    // The turn committed: the next frame belongs to another release.
    epoch++;
    connection.send(screen('THANK_YOU'));
    expect(waiting).toHaveLength(2);
    connection.close(1000, 'bye');
    connection.send(screen('AMOUNT_SELECT', 'initial'));
    expect(waiting).toHaveLength(4);
    waiting.splice(0).forEach((w) => w());
    expect(calls.filter((c) => c !== 'cork' && c !== 'uncork').map((c) => (c.startsWith('send') ? (JSON.parse(c.slice(5)) as { screen: string }).screen : c))).toEqual([
      'SUCCESS', 'PRINT_TICKET', 'COLLECT_TICKET', 'THANK_YOU', 'close 1000', 'AMOUNT_SELECT',
    ]);
  });

  it('times each action once, by the effect that sends its answer when there is one, by an effect of its own when not', async () => {
    const { calls, socket } = fakeSocket();
    const waiting: Array<() => void> = [];
    const ctx = { ...connectionContext(waiting), commitEpoch: () => 3 };
    const ws = fakeWs(calls);
    const answers: Array<OutboundMessage | undefined> = [screen('PAYMENT_METHOD'), undefined, screen('KEYPAD')];
    const session = {
      handle: (_message: unknown, connection: ServerConnection) => {
        const answer = answers.shift();
        if (answer) connection.send(answer);
      },
    } as unknown as ConnectionTerminal;
    new ServerConnection(ctx, ws, 'K1', approve, session, socket);
    const action = JSON.stringify({ messageType: 'USER_ACTION', screen: 'AMOUNT_SELECT', transactionId: 'initial', timestamp: Date.now(), data: { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' } });
    // Three actions in one turn: the first answered (its frame's effect times it), the second not, the third
    // answered in the same release as the first (a release times one action; this one gets its own effect).
    for (let i = 0; i < 3; i++) ws.emit('message', Buffer.from(action), false);
    expect(waiting).toHaveLength(3);
    const count = async () => (await ctx.metrics.actionLatency.get()).values.find((v) => v.metricName === 'paysock_action_to_screen_seconds_count')?.value;
    expect(await count()).toBe(0);
    waiting.splice(0).forEach((w) => w());
    expect(await count()).toBe(3);
    expect(calls.filter((c) => c.startsWith('send')).map((c) => (JSON.parse(c.slice(5)) as { screen: string }).screen)).toEqual(['PAYMENT_METHOD', 'KEYPAD']);
  });
});
