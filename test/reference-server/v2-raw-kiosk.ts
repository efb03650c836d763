import { afterEach } from 'vitest';
import WebSocket from 'ws';
import { formatProblem } from '../../protocol/problems.js';
import { parseV2Frame } from '../../protocol/v2/index.js';
import { startV2ReferenceServer, type V2ReferenceServer, type V2ServerOptions } from '../../reference-server/v2/index.js';

/** A backend message as the v2 tests read it. */
export interface V2Received {
  messageType: string;
  screen: string;
  data: Record<string, unknown> | null;
  transactionId: string;
  timestamp: number;
}

// Deadlines of the client run on real time even when a test fakes the server's clock.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

/**
 * A kiosk that speaks raw frames as d540407 writes them (pinto-android-2.md
 * §3.1: Moshi compact for USER_ACTION, hand-written pretty JSON with explicit
 * nulls for the results), over a real WebSocket. It does only what a test
 * tells it: the behaviour of a d540407 kiosk is the virtual kiosk's (issue 25
 * part 4), not this helper's.
 */
export class RawKiosk {
  readonly received: V2Received[] = [];
  readonly raw: string[] = [];
  /** Backend frames the v2 validators refuse (issue 25 part 1): tests on a correct server assert none. */
  readonly invalid: string[] = [];
  private cursor = 0;
  private waiters: Array<() => void> = [];
  upgradeHeaders: Record<string, string | string[] | undefined> = {};

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = data.toString();
      this.raw.push(text);
      const result = parseV2Frame(text);
      if (!result.ok) this.invalid.push(`${text}: ${result.problems.map((p) => formatProblem(p)).join('; ')}`);
      this.received.push(JSON.parse(text) as V2Received);
      this.wake();
    });
    ws.on('close', () => this.wake());
  }

  /** Connects to `url`: no query, no header unless given (a d540407 kiosk sends neither, V2-TRN-2). */
  static async connect(url: string, options: { terminalId?: string; scenario?: string; headers?: Record<string, string>; autoPong?: boolean } = {}): Promise<RawKiosk> {
    const target = options.terminalId === undefined ? url : `${url}?terminalId=${encodeURIComponent(options.terminalId)}`;
    const headers = { ...options.headers, ...(options.scenario ? { 'X-Test-Scenario': options.scenario } : {}) };
    // autoPong false: a kiosk whose network vanished (OkHttp answers every ping by itself, V2-TRN-5).
    const ws = new WebSocket(target, { headers, autoPong: options.autoPong ?? true });
    const kiosk = new RawKiosk(ws);
    ws.on('upgrade', (res) => {
      kiosk.upgradeHeaders = res.headers;
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    return kiosk;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** The next message (after those already taken) that matches, skipping the others; fails after `timeoutMs` of real time. */
  async next(match: (m: V2Received) => boolean = () => true, timeoutMs = 5000): Promise<V2Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.cursor < this.received.length) {
        const message = this.received[this.cursor++]!;
        if (match(message)) return message;
      }
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error('connection closed');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching message; got ${JSON.stringify(this.received.slice(-5).map((m) => `${m.messageType}/${m.screen}`))}`);
      await new Promise<void>((resolve) => {
        const timer = realSetTimeout(resolve, left);
        this.waiters.push(() => {
          realClearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The next SCREEN_CHANGE to `screen`. */
  screen(screen: string): Promise<V2Received> {
    return this.next((m) => m.messageType === 'SCREEN_CHANGE' && m.screen === screen);
  }

  /** The next message of a type. */
  type(messageType: string): Promise<V2Received> {
    return this.next((m) => m.messageType === messageType);
  }

  /** Every message received so far of a type. */
  all(messageType: string): V2Received[] {
    return this.received.filter((m) => m.messageType === messageType);
  }

  /** Sends a raw text frame. */
  sendText(text: string): void {
    this.ws.send(text);
  }

  /** K1..K5: a Moshi-written USER_ACTION (compact; no data key when `data` is undefined). */
  action(screen: string, transactionId: string, data?: Record<string, unknown>, timestamp = Date.now()): void {
    this.sendText(JSON.stringify({ messageType: 'USER_ACTION', screen, ...(data === undefined ? {} : { data }), transactionId, timestamp }));
  }

  /** K11. */
  keepalive(): void {
    this.sendText('{"ping":true}');
  }

  /** K6, pretty as the kiosk writes it. */
  cardCheck(transactionId: string, cardToken: string, selectedAmount: number, timestamp = Date.now()): void {
    this.sendText(pretty({ messageType: 'CARD_CHECK_RESULT', screen: 'PROCESSING', data: { cardToken, selectedAmount }, transactionId, timestamp }));
  }

  /** K7 as the Integra / mock path writes it (`errorCode` the terminal's code, also on success). Returns the frame. */
  paymentResult(transactionId: string, screen: 'SUCCESS' | 'FAILED', timestamp = Date.now()): string {
    const code = screen === 'SUCCESS' ? 'A' : 'D';
    const text = pretty({
      messageType: 'PAYMENT_RESULT',
      screen,
      data: { errorCode: code, errorMessage: screen === 'SUCCESS' ? 'APPROVED' : 'DECLINED', paymentDetails: { Result: code, BankResultCode: screen === 'SUCCESS' ? '00' : '05', Message: screen === 'SUCCESS' ? 'APPROVED' : 'DECLINED', RequesterTransRefNum: transactionId } },
      transactionId,
      timestamp,
    });
    this.sendText(text);
    return text;
  }

  /** K8a as the builders and the request path write it. */
  reversalResult(options: { transactionId: string; screen: 'SUCCESS' | 'FAILED'; code: string; requesterRef: string; originalRef: string; originalTransactionId: string; reversalAmount: number; timestamp?: number }): string {
    const success = options.screen === 'SUCCESS';
    const text = pretty({
      messageType: 'REVERSAL_RESULT',
      screen: options.screen,
      data: {
        errorCode: options.code,
        errorMessage: options.code,
        paymentDetails: { Result: options.code, BankResultCode: success ? '00' : '', Message: options.code, RequesterTransRefNum: options.requesterRef, OriginalRequesterTransRefNum: options.originalRef },
        originalTransactionId: options.originalTransactionId,
        reversalAmount: options.reversalAmount,
      },
      transactionId: options.transactionId,
      timestamp: options.timestamp ?? Date.now(),
    });
    this.sendText(text);
    return text;
  }

  /** K8b NO_SALE_FOUND. */
  noSaleFound(transactionId: string): void {
    this.sendText(pretty({ messageType: 'REVERSAL_RESULT', screen: 'FAILED', data: { errorCode: 'NO_SALE_FOUND', errorMessage: 'No successful sale transaction found to reverse', paymentDetails: {} }, transactionId, timestamp: Date.now() }));
  }

  /** K9 / K10. */
  deviceInfo(transactionId: string, screen: 'DEVICE_IP' | 'DEVICE_SERIAL', value: string): void {
    const data = screen === 'DEVICE_IP' ? { deviceIpAddress: value } : { deviceSerialNumber: value };
    this.sendText(pretty({ messageType: 'DEVICE_INFO', screen, data, transactionId, timestamp: Date.now() }));
  }

  /**
   * Proves the server sent nothing unasked so far: a RESET is answered with
   * AMOUNT_SELECT, and the messages before that answer are returned.
   */
  async quietUntilReset(): Promise<V2Received[]> {
    const from = this.cursor;
    this.action('RESET', '8a5c1b2e-0000-4000-8000-000000000000');
    await this.screen('AMOUNT_SELECT');
    return this.received.slice(from, this.cursor - 1);
  }

  close(): void {
    this.ws.terminate();
  }
}

/** The kiosk's hand-written style: 4-space indentation, `": "` separators. */
export function pretty(value: unknown): string {
  return JSON.stringify(value, null, 4);
}

/** Starts a v2 server on loopback, in memory, with test control and the books endpoint, and fast steps. */
export async function startV2(options: V2ServerOptions = {}): Promise<V2ReferenceServer> {
  return startV2ReferenceServer({ testControl: true, books: {}, ...options, config: { stepDelayMs: 10, ...options.config } });
}

/**
 * A v2 server and its raw kiosks for each test of a file, all closed after
 * each test: call at the top level of a test file. A file that fakes timers
 * registers its own afterEach to restore them after this one, so it runs first.
 */
export function useV2Server(): {
  start(options?: V2ServerOptions): Promise<V2ReferenceServer>;
  /** A raw kiosk on its first AMOUNT_SELECT. */
  kiosk(terminalId: string, options?: { scenario?: string; autoPong?: boolean }): Promise<{ kiosk: RawKiosk; id: string }>;
  /** A kiosk the test connected itself, closed with the others. */
  track(kiosk: RawKiosk): RawKiosk;
  /** The running server (throws before start). */
  readonly server: V2ReferenceServer;
} {
  let server: V2ReferenceServer | undefined;
  const kiosks: RawKiosk[] = [];
  afterEach(async () => {
    for (const k of kiosks.splice(0)) k.close();
    await server?.close();
    server = undefined;
  });
  return {
    async start(options = {}) {
      server = await startV2(options);
      return server;
    },
    async kiosk(terminalId, options = {}) {
      const kiosk = this.track(await RawKiosk.connect(this.server.url, { terminalId, ...options }));
      return { kiosk, id: (await kiosk.screen('AMOUNT_SELECT')).transactionId };
    },
    track(kiosk) {
      kiosks.push(kiosk);
      return kiosk;
    },
    get server() {
      if (!server) throw new Error('no v2 server started in this test');
      return server;
    },
  };
}

/** GET a JSON document of the books endpoint. */
export async function books<T = Record<string, unknown>>(server: V2ReferenceServer, path = '/v2/books'): Promise<T> {
  const res = await fetch(`${server.httpUrl}${path}`);
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return (await res.json()) as T;
}

/** POST to the control endpoint; the status and the JSON answer. */
export async function control(server: V2ReferenceServer, kioskId: string, action: string, body: unknown = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.httpUrl}/v2/kiosks/${encodeURIComponent(kioskId)}/${action}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Connects a kiosk and waits for its first screen; returns the kiosk and the AMOUNT_SELECT's id. */
export async function connected(server: V2ReferenceServer, terminalId: string, scenario?: string): Promise<{ kiosk: RawKiosk; id: string }> {
  const kiosk = await RawKiosk.connect(server.url, { terminalId, ...(scenario ? { scenario } : {}) });
  const first = await kiosk.screen('AMOUNT_SELECT');
  return { kiosk, id: first.transactionId };
}

/** K1 and the PAYMENT_METHOD it brings: the id the card payment runs under. */
export async function chooseAmount(kiosk: RawKiosk, id: string, amount: number): Promise<string> {
  kiosk.action('AMOUNT_SELECT', id, { selectedAmount: amount, selectionMethod: [20, 40, 60, 80, 100].includes(amount) ? 'PRESET_BUTTON' : 'CUSTOM' });
  return (await kiosk.screen('PAYMENT_METHOD')).transactionId;
}

/** Integra: K6 and its LIMIT_CHECK_RESULT. */
export async function checkCard(kiosk: RawKiosk, id: string, token: string, amount: number): Promise<V2Received> {
  kiosk.cardCheck(id, token, amount);
  return kiosk.next((m) => m.messageType === 'LIMIT_CHECK_RESULT' && m.transactionId === id);
}
