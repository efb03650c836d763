import { describe, expect, it } from 'vitest';
import { faultNames, FaultSet, type FaultName } from '../../reference-server/faults.js';
import { correctSession, sessionFaultHooks, type SessionFaultHooks } from '../../reference-server/session-faults.js';

/** The hooks that differ from a correct server's under `faults`. */
function changed(hooks: SessionFaultHooks): string[] {
  return (Object.keys(correctSession) as Array<keyof SessionFaultHooks>).filter((key) => {
    if (key === 'bends') return Object.values(hooks.bends).some(Boolean);
    return hooks[key] !== correctSession[key];
  });
}

describe('session fault hooks', () => {
  it('a server without faults gets the correct hooks: no bend, every hook the identity or a no-op', () => {
    const hooks = sessionFaultHooks(new FaultSet());
    expect(changed(hooks)).toEqual([]);
    expect(hooks.answerCode('INVALID_AMOUNT')).toBe('INVALID_AMOUNT');
    expect(hooks.errorScreen('KEYPAD')).toBe('KEYPAD');
    expect(hooks.printResult('fault')).toBe('fault');
    expect(hooks.idleDeadline(1234)).toBe(1234);
    expect(hooks.announcedId({ transactionId: 'T-1', serverAssigned: true })).toBe('T-1');
    let sent = 0;
    hooks.timeoutError(() => sent++);
    expect(sent).toBe(1);
  });

  it.each<[FaultName, keyof SessionFaultHooks]>([
    ['wrong-error-code', 'answerCode'],
    ['error-wrong-screen', 'errorScreen'],
    ['ignores-printer-fault', 'printResult'],
    ['no-idle-timeout', 'idleDeadline'],
    ['timeout-without-error', 'timeoutError'],
    ['keeps-initial-id', 'announcedId'],
    ['skip-collect-ticket', 'ticketPrinted'],
    ['slow-initial-screen', 'firstScreen'],
    ['no-initial-screen', 'firstScreen'],
    ['cross-terminal-leak', 'actingSession'],
    ['orphan-handed-over', 'newTerminalRow'],
    ['finished-id-charged-again', 'firstActionTakenOver'],
    ['double-charge-on-replay', 'methodRefused'],
    ['silent-double-charge', 'methodRefused'],
    ['double-tap-charges-twice', 'methodRefused'],
    ['twice-the-amount-counted', 'paymentFinished'],
    ['failed-lost-while-away', 'settledWhileAway'],
    ['resumption-new-id', 'reconnected'],
    ['no-resumption', 'reconnected'],
    ['no-resumption-before-payment', 'reconnected'],
    ['limit-counts-failed-payments', 'countsFailedPayments'],
    ['no-limit-check', 'bends'],
    ['keypad-skips-limit', 'bends'],
    ['accepts-reused-transaction-id', 'bends'],
    ['cancel-not-supported', 'bends'],
    ['accepts-unoffered-amount', 'bends'],
    ['no-keypad-bounds', 'bends'],
  ])('%s changes exactly the %s hook', (fault, hook) => {
    expect(changed(sessionFaultHooks(new FaultSet([fault])))).toEqual([hook]);
  });

  it('the faults of the transport, the upgrade and the store change no session hook', () => {
    const sessionFaults = new Set<string>([
      'wrong-error-code', 'error-wrong-screen', 'ignores-printer-fault', 'no-idle-timeout', 'timeout-without-error', 'keeps-initial-id', 'skip-collect-ticket',
      'slow-initial-screen', 'no-initial-screen', 'cross-terminal-leak', 'orphan-handed-over', 'finished-id-charged-again', 'double-charge-on-replay', 'silent-double-charge',
      'double-tap-charges-twice', 'twice-the-amount-counted', 'failed-lost-while-away', 'resumption-new-id', 'no-resumption', 'no-resumption-before-payment',
      'limit-counts-failed-payments', 'no-limit-check', 'keypad-skips-limit', 'accepts-reused-transaction-id', 'cancel-not-supported', 'accepts-unoffered-amount',
      'no-keypad-bounds',
    ]);
    for (const fault of faultNames.filter((name) => !sessionFaults.has(name))) expect(changed(sessionFaultHooks(new FaultSet([fault]))), fault).toEqual([]);
  });

  it('the value hooks bend exactly their value', () => {
    const on = (fault: FaultName) => sessionFaultHooks(new FaultSet([fault]));
    expect([on('wrong-error-code').answerCode('INVALID_AMOUNT'), on('wrong-error-code').answerCode('UNEXPECTED_ACTION')]).toEqual(['INVALID_MESSAGE', 'UNEXPECTED_ACTION']);
    expect(on('error-wrong-screen').errorScreen('KEYPAD')).toBe('AMOUNT_SELECT');
    expect(on('ignores-printer-fault').printResult('fault')).toBe('printed');
    expect(on('no-idle-timeout').idleDeadline(1234)).toBeNull();
    const keeps = on('keeps-initial-id');
    expect([keeps.announcedId({ transactionId: 'T-1', serverAssigned: true }), keeps.announcedId({ transactionId: 'K-1', serverAssigned: false })]).toEqual(['initial', 'K-1']);
    let sent = 0;
    on('timeout-without-error').timeoutError(() => sent++);
    expect(sent).toBe(0);
  });
});
