/**
 * Fuzz: structure-aware mutations of valid actions and raw bytes against the
 * reference server. Each connection brings its terminal to a screen with
 * valid actions (AMOUNT_SELECT, PAYMENT_METHOD or KEYPAD), then sends
 * mutated frames one at a time: keys dropped, values of the wrong type,
 * huge and odd numbers, unknown keys, `__proto__` and `constructor`, other
 * screens, ids and message types, truncated JSON, deep nesting, JSON that
 * is not an object, and now and then a frame over 64 KiB, a binary frame or
 * invalid UTF-8. It checks:
 *   - every server frame passes validateServerMessage (invalid answers);
 *   - every close has a documented code: 1003 binary, 1007 invalid UTF-8,
 *     1008 too many invalid messages (ERR-5), 1009 too big (TRN-3, TRN-4);
 *   - a terminal whose frames were all rejected is still on the same screen
 *     with the same transaction (ERR-3): asked with RESET, or on reconnect;
 *   - the server is alive at the end (/healthz, a new terminal gets its screen).
 *
 *   npm run build && node dist/bench/fuzz.js [frames, default 1000000] [seed]
 */
import WebSocket from 'ws';
import { validateServerMessage } from '../protocol/validator.js';
import { startReferenceServer, type ReferenceServer } from '../reference-server/index.js';

/** What a fuzz run found. */
export interface FuzzReport {
  frames: number;
  connections: number;
  answers: number;
  invalidAnswers: string[];
  undocumentedCloses: string[];
  stateChanged: string[];
  closes: Record<string, number>;
  accepted: number;
  alive: boolean;
  seconds: number;
}

const DOCUMENTED_CLOSES = new Set([1003, 1007, 1008, 1009]);
/** Invalid messages one connection may send before ERR-5 closes it (20 a minute): keep under it mostly. */
const FRAMES_PER_CONNECTION = 18;

/** A small seeded PRNG (mulberry32), so a failing run can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Frame = { text: string } | { bytes: Buffer; binary: boolean };

const SCREENS = ['AMOUNT_SELECT', 'KEYPAD', 'PAYMENT_METHOD', 'PROCESSING', 'SUCCESS', 'FAILED', 'LIMIT_ERROR', 'CANCEL', 'RESET', 'THANK_YOU', 'amount_select', ''];
const ODD_VALUES: unknown[] = [null, true, false, 0, -1, -0, 1.5, 1e308, -1e308, 2 ** 53 + 1, 20.0000001, '', '20', 'DEBIT_CARD', 'x'.repeat(300), [], [20], {}, { a: 1 }, 'initial', '\u0000', '\ud800'];

/** Builds the mutated frames of one step from a valid action of the current screen. */
function mutate(random: () => number, valid: Record<string, unknown>): Frame {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const clone = JSON.parse(JSON.stringify(valid)) as Record<string, unknown>;
  const data = (clone.data ?? {}) as Record<string, unknown>;
  const roll = random();
  if (roll < 0.01) return { text: JSON.stringify({ ...clone, pad: 'x'.repeat(70 * 1024) }) };
  if (roll < 0.015) return { bytes: Buffer.from(JSON.stringify(clone)), binary: true };
  if (roll < 0.02) return { bytes: Buffer.concat([Buffer.from('{"messageType":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]), binary: false };
  switch (Math.floor(random() * 14)) {
    case 0: {
      const keys = Object.keys(clone);
      delete clone[pick(keys)];
      return { text: JSON.stringify(clone) };
    }
    case 1: {
      const keys = Object.keys(data);
      if (keys.length > 0) delete data[pick(keys)];
      return { text: JSON.stringify({ ...clone, data }) };
    }
    case 2:
      clone[pick(Object.keys(clone))] = pick(ODD_VALUES);
      return { text: JSON.stringify(clone) };
    case 3: {
      const keys = Object.keys(data);
      if (keys.length > 0) data[pick(keys)] = pick(ODD_VALUES);
      return { text: JSON.stringify({ ...clone, data }) };
    }
    case 4:
      return { text: JSON.stringify({ ...clone, [pick(['extra', 'amount', 'terminalId', 'sessionId', 'screenData'])]: pick(ODD_VALUES) }) };
    case 5: {
      // __proto__ and constructor as own keys, as a parser sees them in the text.
      const text = JSON.stringify(clone);
      const inject = pick(['"__proto__":{"isAdmin":true,"screen":"SUCCESS"}', '"constructor":{"prototype":{"polluted":1}}', '"__proto__":null']);
      return { text: random() < 0.5 ? `{${inject},${text.slice(1)}` : text.replace('"data":{', `"data":{${inject},`) };
    }
    case 6:
      return { text: JSON.stringify({ ...clone, screen: pick(SCREENS) }) };
    case 7:
      return { text: JSON.stringify({ ...clone, messageType: pick(['SCREEN_CHANGE', 'ERROR', 'STATUS_UPDATE', 'user_action', 'PING', '', 'USER_ACTION ']) }) };
    case 8:
      return { text: JSON.stringify({ ...clone, transactionId: pick(['T-nope', 'initial', '', 'a'.repeat(200), '../../etc', 'T 1', '\u202e']) }) };
    case 9: {
      const text = JSON.stringify(clone);
      return { text: text.slice(0, Math.floor(random() * text.length)) };
    }
    case 10: {
      const depth = pick([10, 100, 1000, 5000]);
      const nest = '['.repeat(depth) + ']'.repeat(depth);
      return { text: random() < 0.5 ? nest : JSON.stringify({ ...clone, data: '$' }).replace('"$"', nest) };
    }
    case 11:
      return { text: JSON.stringify({ ...clone, data: '$' }).replace('"$"', pick(['{"selectedAmount":1e999999}', '{"selectedAmount":-0.0e-0}', '{"selectedAmount":20,"selectedAmount":40}', '{"selectedAmount":0x14}', '{"selectedAmount":NaN}'])) };
    case 12:
      return { text: pick(['', ' ', 'null', '1', '"USER_ACTION"', '[]', 'true', '{}', '{"messageType":"USER_ACTION"}', '\ufeff{}', 'not json at all']) };
    default: {
      // Several mutations at once.
      clone[pick(Object.keys(clone))] = pick(ODD_VALUES);
      data[pick(['selectedAmount', 'selectedMethod', 'selectionMethod', 'action'])] = pick(ODD_VALUES);
      return { text: JSON.stringify({ ...clone, data }) };
    }
  }
}

interface Shown {
  screen: string;
  transactionId: string;
}

/** One terminal connection as the fuzzer drives it. */
class FuzzSocket {
  readonly received: Array<Record<string, unknown>> = [];
  closeCode: number | undefined;
  private wake: (() => void) | undefined;
  private ending = false;

  private constructor(readonly ws: WebSocket, report: FuzzReport) {
    ws.on('message', (raw) => {
      const text = raw.toString();
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        report.invalidAnswers.push(`not JSON: ${text.slice(0, 200)}`);
        return;
      }
      const result = validateServerMessage(value);
      if (!result.ok) report.invalidAnswers.push(text.slice(0, 300));
      report.answers++;
      this.received.push(value as Record<string, unknown>);
      this.wake?.();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      // Our own terminate() reads as 1006: not the server's doing.
      if (this.ending) return;
      report.closes[code] = (report.closes[code] ?? 0) + 1;
      if (!DOCUMENTED_CLOSES.has(code)) report.undocumentedCloses.push(String(code));
      this.wake?.();
    });
    ws.on('error', () => undefined);
  }

  static open(url: string, terminalId: string, report: FuzzReport): Promise<FuzzSocket> {
    const ws = new WebSocket(`${url}?terminalId=${terminalId}`, { perMessageDeflate: false, maxPayload: 1024 * 1024 });
    const socket = new FuzzSocket(ws, report);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(socket));
      ws.once('error', reject);
    });
  }

  /** Waits for a frame after index `from`, a close, or `ms`; the frame or undefined. */
  async next(from: number, ms: number): Promise<Record<string, unknown> | undefined> {
    const deadline = Date.now() + ms;
    while (this.received.length <= from && this.closeCode === undefined && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
    return this.received[from];
  }

  /** The next SCREEN_CHANGE from index `from`. */
  async screen(from: number, ms = 2000): Promise<{ shown: Shown; index: number } | undefined> {
    for (let i = from; ; i++) {
      const frame = await this.next(i, ms);
      if (!frame) return undefined;
      if (frame.messageType === 'SCREEN_CHANGE') return { shown: { screen: String(frame.screen), transactionId: String(frame.transactionId) }, index: i };
    }
  }

  /** Drops the connection from this side. */
  end(): void {
    this.ending = true;
    this.ws.terminate();
  }

  send(frame: Frame | Record<string, unknown>): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if ('text' in frame && typeof frame.text === 'string') this.ws.send(frame.text);
    else if ('bytes' in frame && Buffer.isBuffer(frame.bytes)) this.ws.send(frame.bytes, { binary: frame.binary as boolean });
    else this.ws.send(JSON.stringify(frame));
  }
}

const action = (screen: string, transactionId: string, data?: Record<string, unknown>): Record<string, unknown> => ({
  messageType: 'USER_ACTION', screen, transactionId, timestamp: Date.now(), ...(data ? { data } : {}),
});

/** Runs `frames` mutated frames over `concurrency` connections at a time against a fresh in-memory reference server. */
export async function runFuzz(options: {
  frames: number;
  seed?: number;
  concurrency?: number;
  log?: (line: string) => void;
  /** Deliberate faults of the server (to show the checks catch them). */
  faults?: string[];
}): Promise<FuzzReport> {
  const started = Date.now();
  const random = prng(options.seed ?? 1);
  const report: FuzzReport = { frames: 0, connections: 0, answers: 0, invalidAnswers: [], undocumentedCloses: [], stateChanged: [], closes: {}, accepted: 0, alive: false, seconds: 0 };
  const server: ReferenceServer = await startReferenceServer({
    dataDir: ':memory:',
    faults: options.faults,
    config: { stepDelayMs: 20, processingMs: 20, idleTimeoutMs: 600_000 },
  });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (report.frames < options.frames) {
      const terminalId = `fuzz-${next++}`;
      report.connections++;
      const socket = await FuzzSocket.open(server.url, terminalId, report);
      const first = await socket.screen(0);
      if (!first) continue;
      // A screen with valid actions to mutate.
      let shown = first.shown;
      let index = first.index + 1;
      let valid = action('AMOUNT_SELECT', 'initial', { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' });
      const where = random();
      if (where < 0.66) {
        socket.send(where < 0.33 ? valid : action('AMOUNT_SELECT', 'initial', { selectedAmount: -1, selectionMethod: 'CUSTOM' }));
        const moved = await socket.screen(index);
        if (!moved) continue;
        shown = moved.shown;
        index = moved.index + 1;
        valid = shown.screen === 'KEYPAD'
          ? action('KEYPAD', shown.transactionId, { selectedAmount: 25 })
          : action('PAYMENT_METHOD', shown.transactionId, { selectedMethod: 'DEBIT_CARD' });
      }
      const fuzzedFrom = index;
      for (let i = 0; i < FRAMES_PER_CONNECTION && socket.closeCode === undefined && report.frames < options.frames; i++) {
        socket.send(mutate(random, valid));
        report.frames++;
        // Keepalives (TRN-9) are never answered: the wait ends after a while.
        const answer = await socket.next(index, 200);
        if (answer) index = socket.received.length;
      }
      // A mutation that is still a valid action may move the terminal on: then its state may change.
      const changed = socket.received.slice(fuzzedFrom).some((m) => m.messageType === 'SCREEN_CHANGE');
      if (changed) report.accepted++;
      else {
        // ERR-3: rejected frames change nothing. Ask with RESET, or see what a reconnect resumes on.
        let now: Shown | undefined;
        if (socket.closeCode === undefined) {
          socket.send(action('RESET', shown.transactionId));
          now = (await socket.screen(index))?.shown;
        } else {
          const again = await FuzzSocket.open(server.url, terminalId, report);
          now = (await again.screen(0))?.shown;
          again.end();
        }
        if (!now || now.screen !== shown.screen || now.transactionId !== shown.transactionId) {
          report.stateChanged.push(`${terminalId}: ${shown.screen}/${shown.transactionId} -> ${now ? `${now.screen}/${now.transactionId}` : 'nothing'}`);
        }
      }
      socket.end();
      if (report.connections % 5000 === 0) options.log?.(`${report.frames} frames, ${report.connections} connections, ${report.invalidAnswers.length} invalid answers`);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency ?? 8 }, () => worker()));
    const health = await fetch(`${server.httpUrl}/healthz`).then((r) => r.ok, () => false);
    const probe = await FuzzSocket.open(server.url, 'fuzz-after', report);
    report.alive = health && (await probe.screen(0)) !== undefined;
    probe.end();
  } finally {
    await server.close();
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const frames = Math.max(1, Math.min(10_000_000, Number(process.argv[2] ?? 1_000_000)));
  const seed = Number(process.argv[3] ?? Date.now() % 1_000_000);
  console.log(`fuzz: ${frames} frames, seed ${seed}`);
  const report = await runFuzz({ frames, seed, log: (line) => console.log(line) });
  console.log(JSON.stringify({ ...report, invalidAnswers: report.invalidAnswers.length, undocumentedCloses: report.undocumentedCloses.length, stateChanged: report.stateChanged.length }, null, 2));
  for (const [name, list] of [['invalid answers', report.invalidAnswers], ['undocumented closes', report.undocumentedCloses], ['state changed', report.stateChanged]] as const) {
    if (list.length > 0) console.log(`${name}:\n  ${list.slice(0, 20).join('\n  ')}`);
  }
  process.exit(report.invalidAnswers.length + report.undocumentedCloses.length + report.stateChanged.length === 0 && report.alive ? 0 : 1);
}
