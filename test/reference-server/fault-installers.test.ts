import { describe, expect, it } from 'vitest';
import { protocolRules, type ActionRules } from '../../reference-server/action-rules.js';
import { faultNames, type FaultName } from '../../reference-server/faults.js';
import { faultInstallers, type ServerParts } from '../../reference-server/faults/index.js';
import { intentOf } from '../../reference-server/intent.js';
import { Store } from '../../reference-server/store.js';
import { protocolTransport } from '../../reference-server/upgrade.js';
import type { PintoAndroid1TerminalMessage } from '../../protocol/types/generated.js';

/** Parts that record what an installer wraps: which rules, store methods, transport settings, and whether it decorates sessions or connections. */
function recordingParts() {
  const decorated: string[] = [];
  const store = new Store(':memory:');
  const printer = { print: async () => 'printed' as const };
  const sessions = { decorate: () => decorated.push('sessions'), startingRow: () => undefined, [Symbol.iterator]: () => [][Symbol.iterator]() };
  const connections = { decorate: () => decorated.push('connections'), retire: () => undefined };
  const parts = { session: { rules: protocolRules, store, printer }, sessions, connections, transport: { ...protocolTransport } } as unknown as ServerParts;
  const before = { sessions: { ...sessions }, connections: { ...connections }, printer: { ...printer } };
  const touched = (): string[] => [
    ...(Object.keys(protocolRules) as Array<keyof ActionRules>).filter((key) => parts.session.rules[key] !== protocolRules[key]).map((key) => `rules.${key}`),
    ...Object.getOwnPropertyNames(store).filter((key) => typeof (store as unknown as Record<string, unknown>)[key] === 'function').map((key) => `store.${key}`),
    ...(printer.print !== before.printer.print ? ['printer.print'] : []),
    ...(Object.keys(protocolTransport) as Array<keyof typeof protocolTransport>).filter((key) => parts.transport[key] !== protocolTransport[key]).map((key) => `transport.${key}`),
    ...(sessions.startingRow !== before.sessions.startingRow ? ['sessions.startingRow'] : []),
    ...(connections.retire !== before.connections.retire ? ['connections.retire'] : []),
    ...decorated.map((what) => `each of ${what}`),
  ];
  return { parts, touched };
}

const installed = (fault: FaultName) => {
  const { parts, touched } = recordingParts();
  faultInstallers[fault](parts);
  return { parts, touched: touched() };
};

const msg = (screen: string, data: Record<string, unknown>) =>
  ({ messageType: 'USER_ACTION', screen, transactionId: 'T-1', timestamp: 1, data }) as unknown as PintoAndroid1TerminalMessage;
const amountSelect = { screen: 'AMOUNT_SELECT', data: { amounts: [20, 40], currency: '£', showOtherOption: true } } as const;
const keypad = { screen: 'KEYPAD', data: { currency: '£', minAmount: 10, maxAmount: 300 } } as const;

describe('fault installers (reference-server/faults/)', () => {
  it('every fault of the table has one installer, and no installer is without a fault', () => {
    expect(Object.keys(faultInstallers).sort()).toEqual([...faultNames].sort());
  });

  it('a server without faults keeps the protocol rules, its store, its printer and its transport as they are', () => {
    const { touched } = recordingParts();
    expect(touched()).toEqual([]);
  });

  it.each<[FaultName, string[]]>([
    ['cancel-not-supported', ['rules.screenProblem']],
    ['accepts-unoffered-amount', ['rules.amountProblem']],
    ['no-keypad-bounds', ['rules.amountProblem']],
    ['no-limit-check', ['rules.limitProblem']],
    ['keypad-skips-limit', ['rules.limitProblem']],
    ['accepts-reused-transaction-id', ['rules.transactionProblem', 'store.createTransaction']],
    ['limit-counts-failed-payments', ['store.finishPayment']],
    ['twice-the-amount-counted', ['store.finishPayment']],
    ['global-daily-total', ['store.dailyTotal', 'store.setDailyTotal', 'store.addToDailyTotal']],
    ['ignores-printer-fault', ['printer.print']],
    ['orphan-handed-over', ['sessions.startingRow']],
    ['no-replace-close', ['connections.retire']],
    ['no-size-limit', ['transport.maxPayload', 'each of connections']],
    ['no-pong', ['transport.autoPong']],
    ['accepts-tls-1.1', ['transport.tls']],
    ['no-auth-check', ['transport.identify']],
    ['token-overrides-identity', ['transport.identify']],
  ])('%s wraps exactly %j', (fault, parts) => {
    expect(installed(fault).touched).toEqual(parts);
  });

  it('every other fault wraps each session or each connection as it is made, and nothing else', () => {
    const elsewhere = new Set<string>(['cancel-not-supported', 'accepts-unoffered-amount', 'no-keypad-bounds', 'no-limit-check', 'keypad-skips-limit', 'accepts-reused-transaction-id',
      'limit-counts-failed-payments', 'twice-the-amount-counted', 'global-daily-total', 'ignores-printer-fault', 'orphan-handed-over', 'no-replace-close', 'no-size-limit', 'no-pong',
      'accepts-tls-1.1', 'no-auth-check', 'token-overrides-identity']);
    for (const fault of faultNames.filter((name) => !elsewhere.has(name))) expect(installed(fault).touched, fault).toEqual([expect.stringMatching(/^each of (sessions|connections)$/)]);
  });

  it('the rule faults bend exactly their case of the rule', () => {
    const rules = (fault: FaultName) => installed(fault).parts.session.rules;
    const cancel = msg('KEYPAD', { action: 'CANCEL' });
    expect([protocolRules.screenProblem(keypad, cancel, intentOf(cancel)), rules('cancel-not-supported').screenProblem(keypad, cancel, intentOf(cancel))]).toEqual([undefined, 'UNEXPECTED_ACTION']);
    const preset = intentOf(msg('AMOUNT_SELECT', { selectedAmount: 30, selectionMethod: 'PRESET_BUTTON' }));
    const entry = intentOf(msg('KEYPAD', { selectedAmount: 301 }));
    expect([rules('accepts-unoffered-amount').amountProblem(amountSelect, preset), rules('accepts-unoffered-amount').amountProblem(keypad, entry)]).toEqual([false, true]);
    expect([rules('no-keypad-bounds').amountProblem(amountSelect, preset), rules('no-keypad-bounds').amountProblem(keypad, entry)]).toEqual([true, false]);
    const view = (shown: typeof keypad | typeof amountSelect) => ({ shown, active: 'T-1', announced: 'T-1', used: () => false, remaining: () => 0 });
    const amount = intentOf(msg('AMOUNT_SELECT', { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }));
    expect(rules('no-limit-check').limitProblem(view(amountSelect), amount)).toBe(false);
    expect([rules('keypad-skips-limit').limitProblem(view(keypad), amount), rules('keypad-skips-limit').limitProblem(view(amountSelect), amount)]).toEqual([false, true]);
    const outside = { active: 'initial', announced: 'initial', used: () => true };
    expect([protocolRules.transactionProblem(outside, 'T-OLD'), rules('accepts-reused-transaction-id').transactionProblem(outside, 'T-OLD')]).toEqual([true, false]);
  });

  it('global-daily-total counts every terminal in one total', () => {
    const { parts } = installed('global-daily-total');
    const store = parts.session.store;
    store.addToDailyTotal('K1', '2026-01-01', 20);
    store.addToDailyTotal('K2', '2026-01-01', 30);
    expect([store.dailyTotal('K1', '2026-01-01'), store.dailyTotal('K3', '2026-01-01')]).toEqual([50, 50]);
  });
});
