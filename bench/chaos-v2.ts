/**
 * Chaos, protocol v2: SIGKILL + restart cycles of `paysock serve --profile
 * pinto-android-2` on a disk store while many virtual kiosks (kiosk-v2's
 * VirtualKiosk, d540407 in code) pay with a small pool of shared cards, then
 * an audit of the server's books (its books endpoint) against what the
 * kiosks were told.
 *
 * Kiosks run all three providers (Integra card check first, NNSmart sale
 * first with reversal, mock), each from its own loopback source address,
 * their own delays compressed (scaledClock). A share of their CARD_CHECK_RESULT
 * and PAYMENT_RESULT frames is sent twice by the link (a duplicating network:
 * d540407 itself never repeats them), and kiosks sharing a card check it at
 * the same moments. The server is killed every few hundred milliseconds and
 * started again on the same port and data dir; kiosks reconnect as d540407
 * does (every 5 s of kiosk time). At the end the kiosks settle, the server is
 * killed once more and restarted, and the audit reads its books:
 *   - lost: an APPROVED the kiosk received whose sale the books do not hold as
 *     approved, or a PAYMENT_RESULT SUCCESS the server answered whose sale is
 *     not paid (or later reversed);
 *   - over-limit cards: a card whose approved, still counting sales of a day
 *     exceed the daily limit (V2-M-1, V2-M-4);
 *   - double counts: a sale booked twice, a PAYMENT_RESULT counted twice
 *     (V2-M-6), a card total that is not the sum of its counting sales, or a
 *     card check answered twice (V2-M-3);
 *   - not final: a sale neither final (paid, failed, rejected, reversed,
 *     refund-needed) nor "outcome unknown" (outcome-unknown, and
 *     captured-reversal-pending: an NNSmart reversal whose result never came,
 *     V2-M-7).
 *
 *   npm run build && node dist/bench/chaos.js v2 [kills, default 100] [kiosks, default 60]
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { scaledClock, ScriptedTerminal, VirtualKiosk, webSocketTransport, type KioskTransport, type WebSocketLike } from '../kiosk-v2/index.js';
import { freePort, sleep, startServe } from './chaos-process.js';
import { audit, parseBooks, type BooksSnapshot, type ChaosAudit, type KioskView } from '../load/v2/books-audit.js';

/** How a v2 chaos run goes. */
export interface ChaosV2Options {
  /** dist/cli/main.js of the build under test. */
  cliMain: string;
  kills: number;
  kiosks: number;
  /** Time the server runs between kills, ms: a random time in [min, max]. */
  upMs: [number, number];
  /** Cards shared by all kiosks (default 20): few enough that kiosks check one card at the same moments. */
  cards?: number;
  /** Per-card daily limit (default 1000): low enough that cards reach it within a run. */
  dailyLimit?: number;
  /** Share of CARD_CHECK_RESULT and PAYMENT_RESULT frames the link sends twice (default 0.2). */
  duplicateShare?: number;
  /** How much faster the kiosks' own clocks run (default 20: a reconnect every 250 ms of real time). */
  speed?: number;
  /** How long the kiosks may take to finish what is in flight after the last kill, ms (default 20000). */
  settleMs?: number;
  /**
   * The run goes on after its last kill until the kiosks were told APPROVED for at least this amount in all
   * (or 60 s more have passed): a loaded machine pays slower, and a fault the audit must find needs the traffic
   * that shows it, not a number of seconds.
   */
  minApprovedAmount?: number;
  log?: (line: string) => void;
  /** More `paysock serve` arguments (a fault, to show the audit catches it). */
  serverArgs?: string[];
}

/**
 * What the audit found (load/v2/books-audit.ts); `approved` counts card checks answered APPROVED and mock sales
 * the server acknowledged: what the kiosks were told is approved.
 */
export interface ChaosV2Report extends ChaosAudit {
  kills: number;
  kiosks: number;
  duplicatesSent: number;
  reconnects: number;
  seconds: number;
}

const providers = ['integra', 'nnsmart', 'mock'] as const;
const presets = [20, 40, 60, 80, 100];

/** Runs the kill cycles and the audit; the data dir is removed afterwards. */
export async function runChaosV2(options: ChaosV2Options): Promise<ChaosV2Report> {
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'paysock-chaos-v2-'));
  const port = await freePort();
  const url = `ws://127.0.0.1:${port}/`;
  const httpUrl = `http://127.0.0.1:${port}`;
  const dailyLimit = options.dailyLimit ?? 1000;
  const cards = Array.from({ length: options.cards ?? 20 }, (_, i) => `CHAOS-CARD-${i + 1}`);
  const duplicateShare = options.duplicateShare ?? 0.2;
  const speed = options.speed ?? 20;
  let duplicatesSent = 0;
  let reconnects = 0;
  let running = true;
  let server: ChildProcess | undefined;

  const start = (): Promise<ChildProcess> => startServe(options.cliMain, [
    '--profile', 'pinto-android-2', '--port', String(port), '--data-dir', dataDir, '--log-level', 'silent', '--step-delay', '20',
    '--daily-limit', String(dailyLimit), '--test-control', '--books-endpoint', ...(options.serverArgs ?? []),
  ]);
  const kill = async (): Promise<void> => {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server!.kill('SIGKILL');
    await exited;
  };

  const views: KioskView[] = [];
  const kiosks: VirtualKiosk[] = [];
  const sockets: WebSocket[] = [];
  const makeKiosk = (index: number): { kiosk: VirtualKiosk; terminal: ScriptedTerminal; view: KioskView } => {
    const address = `127.0.${Math.floor(index / 200) + 1}.${(index % 200) + 2}`;
    const provider = providers[index % providers.length]!;
    const view: KioskView = { kioskId: `kiosk@${address}`, approvals: new Map(), limitAnswers: new Map(), successSent: new Map(), acknowledged: new Set(), amountOf: new Map() };
    const clock = scaledClock(speed);
    const terminal = new ScriptedTerminal(clock);
    const inner = webSocketTransport((target) => {
      const ws = new WebSocket(target, { localAddress: address, headers: { 'X-Test-Scenario': `provider:${provider}` } });
      sockets.push(ws);
      ws.on('message', (data) => observeBackend(view, data.toString()));
      ws.on('close', () => {
        if (running) reconnects++;
      });
      return ws as unknown as WebSocketLike;
    });
    // The duplicating link: some result frames go out twice (the kiosk itself sends each once).
    const transport: KioskTransport = {
      open(target, listener) {
        const socket = inner.open(target, listener);
        return {
          send(text) {
            const ok = socket.send(text);
            if (ok && /"messageType": "(CARD_CHECK_RESULT|PAYMENT_RESULT)"/.test(text) && Math.random() < duplicateShare) {
              duplicatesSent++;
              socket.send(text);
            }
            return ok;
          },
          close: (code, reason) => socket.close(code, reason),
          abort: () => socket.abort(),
        };
      },
    };
    const kiosk = new VirtualKiosk({ url, clock, transport, terminal, observer: { sent: (frame) => observeKiosk(view, frame.text) } });
    return { kiosk, terminal, view };
  };

  server = await start();
  const drivers: Array<() => void> = [];
  for (let i = 0; i < options.kiosks; i++) {
    const { kiosk, terminal, view } = makeKiosk(i);
    kiosks.push(kiosk);
    views.push(view);
    // The customer: pays whenever the kiosk offers amounts, with one of the shared cards, and answers what it asks.
    const drive = (): void => {
      if (!kiosk.isAlive) return;
      try {
        if (kiosk.screensaverVisible) {
          if (running) kiosk.tapScreensaver();
          return;
        }
        const screen = kiosk.screen;
        if (screen.name === 'AMOUNT_SELECT' && running) {
          const card = cards[Math.floor(Math.random() * cards.length)]!;
          terminal.defaultToken = card;
          terminal.defaultPar = card;
          kiosk.tapAmount(presets.filter((a) => screen.amounts.includes(a))[Math.floor(Math.random() * 5)] ?? screen.amounts[0]!);
        } else if (screen.name === 'PAYMENT_METHOD') kiosk.tapPaymentMethod('DEBIT_CARD');
        else if (screen.name === 'RECEIPT_QUESTION') kiosk.answerReceipt(Math.random() < 0.5);
      } catch {
        // The screen changed under the tap (a frame arrived first): the next tick looks again.
      }
    };
    drivers.push(drive);
    terminal.defaultMs = 300 + Math.floor(Math.random() * 700);
    kiosk.start();
  }
  const ticker = setInterval(() => {
    for (const drive of drivers) drive();
  }, 25);

  try {
    for (let k = 1; k <= options.kills; k++) {
      await sleep(options.upMs[0] + Math.random() * (options.upMs[1] - options.upMs[0]));
      await kill();
      server = await start();
      if (k % 10 === 0 || k === options.kills) options.log?.(`${k} kills, ${views.reduce((n, v) => n + v.approvals.size, 0)} approvals seen`);
    }
    await sleep(options.upMs[1]);
    const enoughBy = Date.now() + 60_000;
    const approvedAmount = (): number => views.reduce((sum, v) => sum + [...v.approvals.values()].reduce((a, b) => a + b, 0), 0);
    while (approvedAmount() < (options.minApprovedAmount ?? 0) && Date.now() < enoughBy) await sleep(100);
  } finally {
    running = false;
  }
  // Settle: payments in flight finish (the receipt questions are still answered), until every kiosk is back on
  // AMOUNT_SELECT or under its screensaver, or settleMs have passed.
  const settleBy = Date.now() + (options.settleMs ?? 20_000);
  while (Date.now() < settleBy && !kiosks.every((k) => k.screensaverVisible || k.screen.name === 'AMOUNT_SELECT')) await sleep(100);
  clearInterval(ticker);
  for (const k of kiosks) k.kill();
  for (const ws of sockets) ws.terminate();
  // The audit reads what a restart after one more SIGKILL reads.
  await kill();
  server = await start();
  let books: BooksSnapshot;
  try {
    books = parseBooks(await (await fetch(`${httpUrl}/v2/books`)).json());
  } finally {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { ...audit(books, views, dailyLimit), kills: options.kills, kiosks: options.kiosks, duplicatesSent, reconnects, seconds: (Date.now() - started) / 1000 };
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function observeKiosk(view: KioskView, text: string): void {
  const m = parse(text);
  if (!m || typeof m.transactionId !== 'string') return;
  const data = (m.data ?? {}) as Record<string, unknown>;
  const amountSent = (m.messageType === 'USER_ACTION' && m.screen === 'AMOUNT_SELECT') || m.messageType === 'CARD_CHECK_RESULT';
  if (amountSent && typeof data.selectedAmount === 'number') view.amountOf.set(m.transactionId, data.selectedAmount);
  if (m.messageType === 'PAYMENT_RESULT' && m.screen === 'SUCCESS') view.successSent.set(m.transactionId, view.amountOf.get(m.transactionId) ?? 0);
}

function observeBackend(view: KioskView, text: string): void {
  const m = parse(text);
  if (!m || typeof m.transactionId !== 'string') return;
  const id = m.transactionId;
  if (m.messageType === 'LIMIT_CHECK_RESULT') {
    view.limitAnswers.set(id, (view.limitAnswers.get(id) ?? 0) + 1);
    if (m.screen === 'APPROVED') view.approvals.set(id, view.amountOf.get(id) ?? 0);
  }
  if (m.messageType === 'SCREEN_CHANGE' && m.screen === 'RECEIPT_QUESTION' && view.successSent.has(id)) view.acknowledged.add(id);
  if (m.messageType === 'REVERSAL_REQUEST' || m.messageType === 'REFUND_REQUEST') {
    const original = (m.data as { originalTransactionId?: unknown } | null)?.originalTransactionId;
    if (typeof original === 'string' && view.successSent.has(original)) view.acknowledged.add(original);
  }
}
