/**
 * A closed-loop driver of the v1 happy path, the same for every server a
 * bench compares: each terminal waits for AMOUNT_SELECT, selects preset 20,
 * waits for PAYMENT_METHOD, pays with DEBIT_CARD, waits for AMOUNT_SELECT
 * "initial" again, and repeats at once. It measures completed transactions
 * per second and action-to-screen latency (from sending an action to the
 * SCREEN_CHANGE answering it). A terminal answered RATE_LIMITED (ERR-7)
 * sends the action again 20 ms later. Prints nothing: benches print.
 *
 * With `thinkMs` each terminal waits about that long (a kiosk's customer)
 * before each action: the load is then offered at a rate the bench chooses,
 * the same for every server, and latency measures the server rather than
 * the queue. The think is drawn uniformly from half to one and a half times
 * `thinkMs` (mean `thinkMs`), because a fixed think keeps terminals that
 * connected together in phase: 1,000 of them then act within the same few
 * milliseconds every cycle, and p99 measures how long the server takes to
 * work through a burst of 1,000 actions, not the latency of kiosks whose
 * customers act independently. `thinkJitter: 0` keeps the herd (a burst
 * test). Without it the loop is closed and saturating: by Little's law the
 * latency is then the number of terminals over the throughput, whatever
 * the server.
 *
 * The driver must not be what limits a fast server: with 1,000 terminals a
 * JSON.parse of every frame made it the bottleneck of the floor. Frames are
 * read by looking for their fields in the bytes (the servers compared write
 * compact JSON with JSON.stringify); only PAYMENT_METHOD is decoded, for its id.
 */
import WebSocket from 'ws';

const SCREEN = { AMOUNT_SELECT: '"screen":"AMOUNT_SELECT"', PAYMENT_METHOD: '"screen":"PAYMENT_METHOD"', PROCESSING: '"screen":"PROCESSING"' };
const TYPE = { SCREEN_CHANGE: '"messageType":"SCREEN_CHANGE"', ERROR: '"messageType":"ERROR"' };
const INITIAL = '"transactionId":"initial"';

/** What one driver run measured. */
export interface DriverResult {
  terminals: number;
  connected: number;
  seconds: number;
  transactions: number;
  txPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  rateLimited: number;
  errors: number;
  closed: number;
}

/** Runs `terminals` closed-loop terminals against `url` for `warmupMs` (not counted) then `durationMs`. */
export async function runClosedLoop(
  url: string,
  terminals: number,
  durationMs: number,
  warmupMs = 1000,
  idPrefix = 'bench',
  /** Called when the measured window opens and closes (benches read the server's CPU there). */
  window: { start?: () => void; stop?: () => void } = {},
  /** Mean think time before each action, ms (0: act at once, a saturating closed loop). */
  thinkMs = 0,
  /** How far a think may stray from `thinkMs`, as a fraction of it (0.5: uniform over [0.5, 1.5] x thinkMs; 0: fixed, terminals in phase). */
  thinkJitter = 0.5,
): Promise<DriverResult> {
  const jitter = Math.max(0, Math.min(1, thinkJitter));
  let counting = false;
  let transactions = 0;
  let rateLimited = 0;
  let errors = 0;
  let closed = 0;
  const latencies: number[] = [];
  const sockets: WebSocket[] = [];
  const run = `${idPrefix}-${process.pid}-${Date.now().toString(36)}`;
  const opened = await Promise.all(
    Array.from({ length: terminals }, (_, i) => new Promise<WebSocket | undefined>((resolve) => {
      const ws = new WebSocket(`${url}?terminalId=${run}-${i}`, { perMessageDeflate: false, skipUTF8Validation: true });
      let sentAt = 0;
      let lastAction = '';
      let transactionId = 'initial';
      let stopped = false;
      const send = (text: string): void => {
        lastAction = text;
        sentAt = performance.now();
        ws.send(text);
      };
      // The frame is written when it is sent, so its timestamp is the sending time even after a think.
      const act = (frame: () => string): void => {
        if (thinkMs <= 0) return send(frame());
        const think = thinkMs * (1 - jitter + 2 * jitter * Math.random());
        setTimeout(() => !stopped && ws.readyState === ws.OPEN && send(frame()), think);
      };
      const select = (): void => act(() => JSON.stringify({ messageType: 'USER_ACTION', screen: 'AMOUNT_SELECT', transactionId: 'initial', timestamp: Date.now(), data: { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' } }));
      const pay = (): void => act(() => JSON.stringify({ messageType: 'USER_ACTION', screen: 'PAYMENT_METHOD', transactionId, timestamp: Date.now(), data: { selectedMethod: 'DEBIT_CARD' } }));
      let awaiting: 'AMOUNT_SELECT' | 'PAYMENT_METHOD' | 'AMOUNT_SELECT_AFTER_PAYMENT' = 'AMOUNT_SELECT';
      ws.on('message', (data) => {
        if (stopped) return;
        const raw = data as Buffer;
        const is = (text: string): boolean => raw.includes(text);
        const screen = is(SCREEN.AMOUNT_SELECT) ? 'AMOUNT_SELECT' : is(SCREEN.PAYMENT_METHOD) ? 'PAYMENT_METHOD' : is(SCREEN.PROCESSING) ? 'PROCESSING' : 'other';
        const message = {
          messageType: is(TYPE.SCREEN_CHANGE) ? 'SCREEN_CHANGE' : is(TYPE.ERROR) ? 'ERROR' : 'other',
          screen,
          transactionId: screen === 'PAYMENT_METHOD' ? (/"transactionId":"([^"]*)"/.exec(raw.toString())?.[1] ?? '') : is(INITIAL) ? 'initial' : 'other',
        };
        if (message.messageType === 'ERROR') {
          if (is('"RATE_LIMITED"')) {
            rateLimited++;
            setTimeout(() => ws.readyState === ws.OPEN && send(lastAction), 20);
          } else errors++;
          return;
        }
        if (message.messageType !== 'SCREEN_CHANGE') return;
        if (awaiting === 'AMOUNT_SELECT' && message.screen === 'AMOUNT_SELECT') {
          awaiting = 'PAYMENT_METHOD';
          select();
        } else if (awaiting === 'PAYMENT_METHOD' && message.screen === 'PAYMENT_METHOD') {
          if (counting) latencies.push(performance.now() - sentAt);
          transactionId = message.transactionId;
          awaiting = 'AMOUNT_SELECT_AFTER_PAYMENT';
          pay();
        } else if (awaiting === 'AMOUNT_SELECT_AFTER_PAYMENT') {
          // The first screen after the method is the answer to it (PROCESSING); the cycle ends on AMOUNT_SELECT.
          if (message.screen === 'PROCESSING' && counting) latencies.push(performance.now() - sentAt);
          if (message.screen === 'AMOUNT_SELECT' && message.transactionId === 'initial') {
            if (counting) transactions++;
            awaiting = 'PAYMENT_METHOD';
            select();
          }
        }
      });
      ws.once('open', () => resolve(ws));
      ws.once('error', () => resolve(undefined));
      ws.on('close', () => {
        stopped = true;
        closed++;
      });
      sockets.push(ws);
    })),
  );
  const connected = opened.filter((ws) => ws !== undefined).length;
  await new Promise((resolve) => setTimeout(resolve, warmupMs));
  counting = true;
  window.start?.();
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  counting = false;
  window.stop?.();
  const seconds = (performance.now() - started) / 1000;
  const closedBefore = closed;
  for (const ws of sockets) ws.terminate();
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    terminals, connected, seconds, transactions, txPerSecond: transactions / seconds,
    p50Ms: at(0.5), p99Ms: at(0.99), rateLimited, errors, closed: closedBefore,
  };
}
