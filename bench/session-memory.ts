/**
 * What a session of a terminal that left costs in memory while it waits for
 * eviction: under churn of terminal ids those sessions are most of the
 * server's heap (docs/reference-server-speed.md, soak). `count` terminals
 * with distinct ids each connect, pay once (preset 20, DEBIT_CARD) and
 * leave, 200 at a time, against a reference server in this process whose
 * sessions never leave; the JS heap in use after a full GC, before and
 * after, is divided by `count`. Run with --expose-gc. Prints numbers; never
 * a test.
 *
 *   npm run build && node --expose-gc dist/bench/session-memory.js [count, default 20000]
 */
import WebSocket from 'ws';
import { startReferenceServer } from '../reference-server/index.js';

const count = Math.max(200, Math.min(200_000, Number(process.argv[2] ?? 20_000)));
const AT_ONCE = 200;

/** One terminal: connect, pay once, wait for AMOUNT_SELECT again, leave. */
function payOnceAndLeave(url: string, terminalId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}?terminalId=${terminalId}`, { perMessageDeflate: false });
    let paid = false;
    ws.on('message', (raw) => {
      const m = JSON.parse(raw.toString()) as { messageType: string; screen: string; transactionId: string };
      if (m.messageType !== 'SCREEN_CHANGE') return;
      const act = (screen: string, transactionId: string, data: Record<string, unknown>): void =>
        ws.send(JSON.stringify({ messageType: 'USER_ACTION', screen, transactionId, timestamp: Date.now(), data }));
      if (m.screen === 'AMOUNT_SELECT' && !paid) act('AMOUNT_SELECT', 'initial', { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' });
      else if (m.screen === 'PAYMENT_METHOD') act('PAYMENT_METHOD', m.transactionId, { selectedMethod: 'DEBIT_CARD' });
      else if (m.screen === 'SUCCESS') paid = true;
      else if (m.screen === 'AMOUNT_SELECT' && paid) ws.close();
    });
    ws.once('error', reject);
    ws.once('close', () => resolve());
  });
}

async function heapAfterGc(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  // Several rounds with a turn between: weak references and finalizers let go over more than one GC.
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  const server = await startReferenceServer({
    sessionLingerMs: 24 * 3_600_000,
    config: { stepDelayMs: 0, processingMs: 0, dailyLimit: 100_000_000, maxMessagesPerSecond: 0 },
  });
  let next = 0;
  const wave = (n: number): Promise<void[]> => Promise.all(Array.from({ length: n }, () => payOnceAndLeave(server.url, `gone-${next++}`)));
  try {
    // Warm-up: compiled code, the store's caches and the first sessions are not what a session costs.
    await wave(AT_ONCE);
    const before = await heapAfterGc();
    for (let left = count; left > 0; left -= AT_ONCE) await wave(Math.min(AT_ONCE, left));
    const after = await heapAfterGc();
    console.log(`session memory: ${count} terminals paid once and left; their sessions stay (linger 24 h)`);
    console.log(`heap in use after GC: ${(before / 1048576).toFixed(1)} MiB before, ${(after / 1048576).toFixed(1)} MiB after`);
    console.log(`per session of a terminal that left: ${((after - before) / count).toFixed(0)} bytes`);
  } finally {
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
