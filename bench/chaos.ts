/**
 * Chaos: SIGKILL + restart cycles of `paysock serve` on a disk store under
 * load, then an audit of the store against what the terminals saw.
 *
 * Terminals pay in a loop (preset 20, DEBIT_CARD), a share of them tap the
 * method twice (double taps) and a share drop their connection and come
 * back (reconnects); they follow whatever screen the server resumes them on.
 * Every few hundred milliseconds the server is killed with SIGKILL and
 * started again on the same port and data dir. At the end it is started
 * once more, the payments in flight settle, and the audit reads the store:
 *   - lost: a SUCCESS a terminal saw whose payment is not approved and charged;
 *   - double charged: a transaction the processor charged more than once, or a
 *     daily total that is not the sum of the approved payments;
 *   - stuck pending: a payment still pending after the final settle.
 *
 *   npm run build && node dist/bench/chaos.js [kills, default 100] [terminals, default 100]
 *
 * v2 mode (protocol v2, virtual kiosks of all three providers, the server's
 * books audited: bench/chaos-v2.ts):
 *
 *   npm run build && node dist/bench/chaos.js v2 [kills, default 100] [kiosks, default 60]
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { runChaosV2 } from './chaos-v2.js';
import { freePort, sleep } from './chaos-process.js';

/** How a chaos run goes. */
export interface ChaosOptions {
  /** dist/cli/main.js of the build under test. */
  cliMain: string;
  kills: number;
  terminals: number;
  /** Time the server runs between kills, ms: a random time in [min, max]. */
  upMs: [number, number];
  /** Share of payments whose method is tapped twice. */
  doubleTapShare?: number;
  /** Chance, per screen received, that a terminal drops its connection and reconnects. */
  reconnectShare?: number;
  /** Called with a line of progress. */
  log?: (line: string) => void;
  /** More `paysock serve` arguments (a fault, to show the audit catches it). */
  serverArgs?: string[];
}

/** What the audit found. */
export interface ChaosReport {
  kills: number;
  terminals: number;
  successesSeen: number;
  approvedInStore: number;
  lost: string[];
  doubleCharged: string[];
  totalsWrong: string[];
  stuckPending: string[];
  doubleTaps: number;
  reconnects: number;
  seconds: number;
}

/** Runs the kill cycles and the audit; the data dir is removed afterwards. */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'paysock-chaos-'));
  const port = await freePort();
  const url = `ws://127.0.0.1:${port}/`;
  const doubleTapShare = options.doubleTapShare ?? 0.2;
  const reconnectShare = options.reconnectShare ?? 0.02;
  const successes = new Set<string>();
  let doubleTaps = 0;
  let reconnects = 0;
  let running = true;
  let server: ChildProcess | undefined;

  const start = async (): Promise<ChildProcess> => {
    for (let attempt = 0; ; attempt++) {
      const child = spawn(
        process.execPath,
        [options.cliMain, 'serve', '--port', String(port), '--data-dir', dataDir, '--log-level', 'silent', '--step-delay', '20', '--processing-time', '30', '--daily-limit', '100000000', ...(options.serverArgs ?? [])],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const up = await new Promise<boolean>((resolve) => {
        let out = '';
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('listening on')) resolve(true);
        });
        child.once('exit', () => resolve(false));
      });
      if (up) return child;
      // The port may still be held for a moment by the killed process.
      if (attempt > 50) throw new Error('paysock serve did not restart');
      await sleep(100);
    }
  };

  const terminal = async (index: number): Promise<void> => {
    const id = `chaos-${index}`;
    while (running) {
      await new Promise<void>((resolve) => {
        const ws = new WebSocket(`${url}?terminalId=${id}`, { perMessageDeflate: false });
        const send = (message: Record<string, unknown>): void => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ messageType: 'USER_ACTION', timestamp: Date.now(), ...message }));
        };
        ws.on('message', (raw) => {
          if (!running) return ws.terminate();
          const m = JSON.parse(raw.toString()) as { messageType: string; screen: string; transactionId: string };
          if (m.messageType !== 'SCREEN_CHANGE') return;
          if (m.screen === 'SUCCESS') successes.add(m.transactionId);
          if (Math.random() < reconnectShare) {
            reconnects++;
            ws.terminate();
            return;
          }
          switch (m.screen) {
            case 'AMOUNT_SELECT':
              send({ screen: 'AMOUNT_SELECT', transactionId: 'initial', data: { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' } });
              break;
            case 'PAYMENT_METHOD': {
              const pay = { screen: 'PAYMENT_METHOD', transactionId: m.transactionId, data: { selectedMethod: 'DEBIT_CARD' } };
              send(pay);
              if (Math.random() < doubleTapShare) {
                doubleTaps++;
                send(pay);
              }
              break;
            }
            case 'KEYPAD':
              send({ screen: 'KEYPAD', transactionId: m.transactionId, data: { action: 'CANCEL' } });
              break;
            case 'FAILED':
            case 'LIMIT_ERROR':
              send({ screen: m.screen, transactionId: m.transactionId, data: { action: 'OK' } });
              break;
            default:
              // PROCESSING and the steps after SUCCESS are driven by the server.
              break;
          }
        });
        ws.once('close', () => resolve());
        ws.once('error', () => undefined);
      });
      if (running) await sleep(20 + Math.random() * 80);
    }
  };

  server = await start();
  const terminals = Array.from({ length: options.terminals }, (_, i) => terminal(i));
  try {
    for (let kill = 1; kill <= options.kills; kill++) {
      await sleep(options.upMs[0] + Math.random() * (options.upMs[1] - options.upMs[0]));
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGKILL');
      await exited;
      server = await start();
      if (kill % 10 === 0 || kill === options.kills) options.log?.(`${kill} kills, ${successes.size} successes seen`);
    }
    // Let the last incarnation run, then stop the terminals and let what is in flight settle.
    await sleep(options.upMs[1]);
  } finally {
    running = false;
  }
  await Promise.race([Promise.all(terminals), sleep(5000)]);
  // Payments that were in flight settle on the processor's time; steps and timeouts need not finish.
  await sleep(1000);
  const exited = new Promise((resolve) => server!.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;

  const db = new Database(join(dataDir, 'paysock.sqlite'), { readonly: true });
  try {
    const approved = new Set((db.prepare("SELECT transaction_id FROM payments WHERE status = 'approved'").all() as Array<{ transaction_id: string }>).map((r) => r.transaction_id));
    const charged = new Set((db.prepare('SELECT id FROM transactions WHERE charged = 1').all() as Array<{ id: string }>).map((r) => r.id));
    const lost = [...successes].filter((id) => !approved.has(id) || !charged.has(id));
    const doubleCharged = (db.prepare('SELECT transaction_id FROM processor_charges GROUP BY transaction_id HAVING COUNT(*) > 1').all() as Array<{ transaction_id: string }>).map((r) => r.transaction_id);
    const totalsWrong = (
      db.prepare(
        `SELECT d.terminal_id AS terminal, d.total AS total, COALESCE((SELECT SUM(amount) FROM payments p WHERE p.terminal_id = d.terminal_id AND p.status = 'approved'), 0) AS paid
         FROM daily_totals d`,
      ).all() as Array<{ terminal: string; total: number; paid: number }>
    ).filter((r) => r.total !== r.paid).map((r) => `${r.terminal}: total ${r.total}, approved ${r.paid}`);
    const stuckPending = (db.prepare("SELECT transaction_id FROM payments WHERE status = 'pending'").all() as Array<{ transaction_id: string }>).map((r) => r.transaction_id);
    return {
      kills: options.kills, terminals: options.terminals, successesSeen: successes.size, approvedInStore: approved.size,
      lost, doubleCharged, totalsWrong, stuckPending, doubleTaps, reconnects, seconds: (Date.now() - started) / 1000,
    };
  } finally {
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === 'v2') {
  const here = dirname(fileURLToPath(import.meta.url));
  const kills = Math.max(1, Math.min(1000, Number(process.argv[3] ?? 100)));
  const kiosks = Math.max(1, Math.min(600, Number(process.argv[4] ?? 60)));
  const report = await runChaosV2({ cliMain: join(here, '..', 'cli', 'main.js'), kills, kiosks, upMs: [1000, 2000], log: (line) => console.log(line) });
  const counts = { lost: report.lost.length, overLimitCards: report.overLimitCards.length, doubleCounts: report.doubleCounts.length, notFinal: report.notFinal.length };
  console.log(JSON.stringify({ ...report, ...counts }, null, 2));
  for (const [name, list] of [['lost', report.lost], ['over-limit cards', report.overLimitCards], ['double counts', report.doubleCounts], ['not final', report.notFinal]] as const) {
    if (list.length > 0) console.log(`${name}: ${list.slice(0, 20).join('; ')}`);
  }
  process.exit(Object.values(counts).every((n) => n === 0) ? 0 : 1);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const here = dirname(fileURLToPath(import.meta.url));
  const kills = Math.max(1, Math.min(1000, Number(process.argv[2] ?? 100)));
  const terminals = Math.max(1, Math.min(2000, Number(process.argv[3] ?? 100)));
  const report = await runChaos({ cliMain: join(here, '..', 'cli', 'main.js'), kills, terminals, upMs: [300, 900], log: (line) => console.log(line) });
  console.log(JSON.stringify({ ...report, lost: report.lost.length, doubleCharged: report.doubleCharged.length, totalsWrong: report.totalsWrong.length, stuckPending: report.stuckPending.length }, null, 2));
  for (const [name, list] of [['lost', report.lost], ['double charged', report.doubleCharged], ['totals wrong', report.totalsWrong], ['stuck pending', report.stuckPending]] as const) {
    if (list.length > 0) console.log(`${name}: ${list.slice(0, 20).join(', ')}`);
  }
  process.exit(report.lost.length + report.doubleCharged.length + report.totalsWrong.length + report.stuckPending.length === 0 ? 0 : 1);
}
