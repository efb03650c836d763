import { describe, expect, it } from 'vitest';
import { CaseIdentities } from '../../conformance/context/identities.js';
import { IsolationWatch, type Watched } from '../../conformance/context/isolation-watch.js';
import type { Arrival } from '../../conformance/certifier-terminal.js';
import { TerminalPool } from '../../conformance/terminal-pool.js';
import { WireLog } from '../../conformance/wire-log.js';

const frame = (screen: string, transactionId: string, event = 0): Arrival => ({ kind: 'message', event, at: 0, text: '', valid: true, raw: { messageType: 'SCREEN_CHANGE', screen, transactionId } });

/** One case of a run on the shared pool: its identities, log and watch, and a connection for each identity. */
function caseOn(pool: TerminalPool, id: string): { watch: IsolationWatch; log: WireLog; a: { label: string; lastSentScreen: string | undefined }; b: { label: string; lastSentScreen: string | undefined } } {
  const ids = new CaseIdentities<Watched>(id, 'r', pool, false);
  const log = new WireLog();
  const a = { label: 'A', lastSentScreen: undefined as string | undefined };
  const b = { label: 'B', lastSentScreen: undefined as string | undefined };
  ids.attach(a, ids.claim('A'));
  ids.attach(b, ids.claim('B'));
  return { watch: new IsolationWatch(id, ids, pool.transactions, log), log, a, b };
}

describe('the isolation watch (conformance/context/isolation-watch.ts, AUTH-5)', () => {
  it('a frame on B carrying a transaction id first seen on A is a breach naming both', () => {
    const { watch, a, b } = caseOn(new TerminalPool([]), 'iso/1');
    watch.observe(a, frame('PAYMENT_METHOD', 'T-1'), 'AMOUNT_SELECT');
    expect(watch.breaches).toEqual([]);
    watch.observe(b, frame('PAYMENT_METHOD', 'T-1', 7), 'AMOUNT_SELECT');
    expect(watch.breaches).toHaveLength(1);
    expect(watch.breaches[0]).toMatchObject({ terminal: 'terminal id ps-r-iso.1-B', transactionId: 'T-1', owner: { terminal: 'terminal id ps-r-iso.1-A', seenIn: 'iso/1' }, connection: 'B', event: 7 });
  });

  it('no breach when B sent that id itself, when it answers B\'s own start of a cycle, or before the run', () => {
    const sent = caseOn(new TerminalPool([]), 'iso/2');
    sent.watch.observe(sent.a, frame('PAYMENT_METHOD', 'T-1'), 'AMOUNT_SELECT');
    sent.log.add('B', 'sent', 'text', JSON.stringify({ messageType: 'USER_ACTION', screen: 'PAYMENT_METHOD', transactionId: 'T-1' }));
    sent.watch.observe(sent.b, frame('PAYMENT_METHOD', 'T-1'), 'PAYMENT_METHOD');
    expect(sent.watch.breaches).toEqual([]);

    const started = caseOn(new TerminalPool([]), 'iso/3');
    started.watch.observe(started.a, frame('PAYMENT_METHOD', 'T-9'), 'AMOUNT_SELECT');
    started.b.lastSentScreen = 'AMOUNT_SELECT';
    started.watch.observe(started.b, frame('PAYMENT_METHOD', 'T-9'), 'AMOUNT_SELECT');
    expect(started.watch.breaches).toEqual([]);

    const before = caseOn(new TerminalPool([]), 'settle');
    before.watch.preRun = true;
    before.watch.observe(before.a, frame('PAYMENT_METHOD', 'T-5'), 'PAYMENT_METHOD');
    before.watch.observe(before.b, frame('PAYMENT_METHOD', 'T-5'), 'PAYMENT_METHOD');
    expect(before.watch.breaches).toEqual([]);
  });

  it('"initial", binary frames and connections without an identity are not watched', () => {
    const { watch, a, b } = caseOn(new TerminalPool([]), 'iso/4');
    watch.observe(a, frame('AMOUNT_SELECT', 'initial'), undefined);
    watch.observe(b, frame('AMOUNT_SELECT', 'initial'), undefined);
    watch.observe(b, { kind: 'binary', event: 0, at: 0, bytes: 3 }, undefined);
    watch.observe({ label: 'anonymous', lastSentScreen: undefined }, frame('PAYMENT_METHOD', 'T-1'), undefined);
    watch.observe(b, frame('PAYMENT_METHOD', 'T-1'), undefined);
    expect(watch.breaches).toEqual([]);
  });
});
