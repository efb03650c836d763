/**
 * Validator throughput on one core: messages validated per second for a
 * realistic mix of traffic, on parsed objects (validate*Message) and on raw
 * text (parseFrame). Run with `npm run build && npm run bench:validator`.
 * Never part of the tests: numbers depend on the machine.
 */
import { parseFrame } from '../protocol/frame.js';
import { validateServerMessage, validateTerminalMessage, type TerminalProfile } from '../protocol/validator.js';

interface Sample {
  kind: string;
  from: 'server' | 'terminal';
  profile: TerminalProfile;
  value: unknown;
  text: string;
  valid: boolean;
}

const tx = 'c0ffee00-1234-4abc-9def-0123456789ab';
const ts = 1_760_000_000_000;
const screenChange = (screen: string, data: object) => ({ messageType: 'SCREEN_CHANGE', screen, data, transactionId: tx, timestamp: ts });
const action = (screen: string, data: object | undefined) =>
  data === undefined ? { messageType: 'USER_ACTION', screen, transactionId: tx, timestamp: ts } : { messageType: 'USER_ACTION', screen, data, transactionId: tx, timestamp: ts };

// Weights in percent of the mix, close to a payment cycle's traffic: 60 SCREEN_CHANGE,
// 10 STATUS_UPDATE, 5 ERROR, 25 terminal actions, plus 2 invalid messages.
const mix: Array<{ weight: number; kind: string; from: 'server' | 'terminal'; profile?: TerminalProfile; value: unknown; valid: boolean }> = [
  { weight: 10, kind: 'SCREEN_CHANGE', from: 'server', value: screenChange('AMOUNT_SELECT', { amounts: [20, 40, 60, 80, 100], currency: '£', showOtherOption: true }), valid: true },
  { weight: 4, kind: 'SCREEN_CHANGE', from: 'server', value: screenChange('KEYPAD', { currency: '£', minAmount: 10, maxAmount: 300 }), valid: true },
  { weight: 8, kind: 'SCREEN_CHANGE', from: 'server', value: screenChange('PAYMENT_METHOD', { methods: ['DEBIT_CARD', 'PAY_BY_BANK'], allowCancel: true, currency: '£' }), valid: true },
  { weight: 8, kind: 'SCREEN_CHANGE', from: 'server', value: screenChange('PROCESSING', { amount: 60, method: 'DEBIT_CARD' }), valid: true },
  { weight: 6, kind: 'SCREEN_CHANGE', from: 'server', value: screenChange('SUCCESS', { showReceipt: true }), valid: true },
  { weight: 2, kind: 'SCREEN_CHANGE', from: 'server', value: screenChange('FAILED', { errorMessage: 'Card declined by issuer', errorCode: 'CARD_DECLINED' }), valid: true },
  { weight: 2, kind: 'SCREEN_CHANGE', from: 'server', value: screenChange('LIMIT_ERROR', { limit: 300, remaining: 40, currency: '£' }), valid: true },
  { weight: 6, kind: 'SCREEN_CHANGE', from: 'server', value: screenChange('PRINT_TICKET', {}), valid: true },
  { weight: 6, kind: 'SCREEN_CHANGE', from: 'server', value: screenChange('COLLECT_TICKET', {}), valid: true },
  { weight: 7, kind: 'SCREEN_CHANGE', from: 'server', value: screenChange('THANK_YOU', {}), valid: true },
  { weight: 1, kind: 'SCREEN_CHANGE', from: 'server', value: screenChange('DEVICE_ERROR', { errorMessage: 'Printer out of paper', errorCode: 'PRINTER_ERROR' }), valid: true },
  { weight: 10, kind: 'STATUS_UPDATE', from: 'server', value: { messageType: 'STATUS_UPDATE', screen: 'PROCESSING', data: { status: 'AUTHORISING', message: 'Contacting your bank', progress: 40 }, transactionId: tx, timestamp: ts }, valid: true },
  { weight: 5, kind: 'ERROR', from: 'server', value: { messageType: 'ERROR', screen: 'KEYPAD', data: { errorMessage: 'Invalid amount', errorCode: 'INVALID_AMOUNT' }, transactionId: tx, timestamp: ts }, valid: true },
  { weight: 6, kind: 'USER_ACTION', from: 'terminal', value: action('AMOUNT_SELECT', { selectedAmount: 60, selectionMethod: 'PRESET_BUTTON' }), valid: true },
  { weight: 2, kind: 'USER_ACTION', from: 'terminal', value: action('AMOUNT_SELECT', { selectedAmount: -1, selectionMethod: 'OTHER' }), valid: true },
  { weight: 2, kind: 'USER_ACTION', from: 'terminal', value: action('KEYPAD', { selectedAmount: 75, selectionMethod: 'KEYPAD' }), valid: true },
  { weight: 6, kind: 'USER_ACTION', from: 'terminal', value: action('PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }), valid: true },
  { weight: 2, kind: 'USER_ACTION', from: 'terminal', value: action('FAILED', { action: 'OK' }), valid: true },
  { weight: 4, kind: 'USER_ACTION', from: 'terminal', profile: 'pinto-android-1', value: action('PAYMENT_METHOD', { selectionMethod: 'DEBIT_CARD' }), valid: true },
  { weight: 3, kind: 'USER_ACTION', from: 'terminal', profile: 'pinto-android-1', value: action('RESET', undefined), valid: true },
  { weight: 1, kind: 'invalid', from: 'server', value: screenChange('LIMIT_ERROR', { limit: 300, remaining: '200', currency: '£' }), valid: false },
  { weight: 1, kind: 'invalid', from: 'terminal', value: action('PROCESSING', { action: 'OK' }), valid: false },
];

/** 10,000 samples in a fixed shuffled order, so branch prediction cannot learn the sequence. */
function samples(): Sample[] {
  const out: Sample[] = [];
  for (const entry of mix) {
    for (let i = 0; i < entry.weight * 100; i++) {
      out.push({ kind: entry.kind, from: entry.from, profile: entry.profile ?? 'strict', value: structuredClone(entry.value), text: JSON.stringify(entry.value), valid: entry.valid });
    }
  }
  let seed = 42;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function validateObject(s: Sample): boolean {
  return (s.from === 'server' ? validateServerMessage(s.value) : validateTerminalMessage(s.value, s.profile)).ok;
}

function validateText(s: Sample): boolean {
  return (s.from === 'server' ? parseFrame(s.text) : parseFrame(s.text, { from: 'terminal', profile: s.profile })).ok;
}

interface Row {
  name: string;
  messages: number;
  seconds: number;
}

/** Runs `fn` over the samples for `iterations` messages, or until `budgetMs` is spent. */
function run(name: string, pool: Sample[], fn: (s: Sample) => boolean, iterations: number, budgetMs: number): Row {
  let sink = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(budgetMs) * 1_000_000n;
  let done = 0;
  while (done < iterations) {
    // Check the clock once per 1,000 messages: cheap, and bounds the run.
    for (let i = 0; i < 1000; i++, done++) if (fn(pool[done % pool.length]!)) sink++;
    if (process.hrtime.bigint() > deadline) break;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (sink === -1) console.log('unreachable'); // keeps the results alive
  return { name, messages: done, seconds };
}

function main(): void {
  const pool = samples();
  // Every sample must be judged as its mix entry says, or the numbers measure the wrong thing.
  for (const s of pool) {
    if (validateObject(s) !== s.valid || validateText(s) !== s.valid) throw new Error(`bench sample ${s.kind} ${s.text} was not judged ${s.valid ? 'valid' : 'invalid'}`);
  }
  const invalidShare = pool.filter((s) => !s.valid).length / pool.length;

  // Warm-up: compile the schemas and let the JIT settle.
  run('warm-up', pool, validateObject, 200_000, 600);
  run('warm-up', pool, validateText, 100_000, 300);

  const rows = [
    run('validate*Message (parsed objects)', pool, validateObject, 1_000_000, 1000),
    run('parseFrame (text)', pool, validateText, 1_000_000, 1000),
  ];

  console.log(`validator bench: ${pool.length} samples, ${(invalidShare * 100).toFixed(1)}% invalid, node ${process.version}, one thread`);
  console.log('');
  console.log(`${'path'.padEnd(36)} ${'messages'.padStart(10)} ${'msg/s'.padStart(12)} ${'ns/msg'.padStart(8)}`);
  for (const r of rows) {
    const perSecond = r.messages / r.seconds;
    console.log(`${r.name.padEnd(36)} ${String(r.messages).padStart(10)} ${Math.round(perSecond).toLocaleString('en-US').padStart(12)} ${(1e9 / perSecond).toFixed(0).padStart(8)}`);
  }
}

main();
