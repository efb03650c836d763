import { INITIAL, type ActionRules } from '../action-rules.js';
import type { FaultName } from '../faults.js';
import { around, type FaultInstaller } from './parts.js';

/** A fault that bends one of the rules every session judges by. */
function bend<K extends keyof ActionRules>(key: K, wrap: (original: ActionRules[K]) => ActionRules[K]): FaultInstaller {
  return ({ session }) => {
    session.rules = { ...session.rules, [key]: wrap(session.rules[key]) };
  };
}

/** Faults that bend the action rules (action-rules.ts). */
export const ruleFaults = {
  'cancel-not-supported': bend('screenProblem', (screenProblem) => (shown, message, intent) => (intent.kind === 'cancel' ? 'UNEXPECTED_ACTION' : screenProblem(shown, message, intent))),
  'accepts-unoffered-amount': bend('amountProblem', (amountProblem) => (shown, intent) => (intent.kind === 'amount' && shown.screen === 'AMOUNT_SELECT' ? false : amountProblem(shown, intent))),
  'no-keypad-bounds': bend('amountProblem', (amountProblem) => (shown, intent) => {
    const preset = intent.kind === 'amount' && shown.screen === 'AMOUNT_SELECT';
    return !preset && (intent.kind === 'amount' || intent.kind === 'keypad') ? false : amountProblem(shown, intent);
  }),
  'no-limit-check': bend('limitProblem', () => () => false),
  'keypad-skips-limit': bend('limitProblem', (limitProblem) => (terminal, intent) => (intent.kind === 'keypad' || terminal.shown.screen === 'KEYPAD' ? false : limitProblem(terminal, intent))),
  'accepts-reused-transaction-id': (parts) => {
    bend('transactionProblem', (transactionProblem) => (terminal, id) => (terminal.active === INITIAL ? false : transactionProblem(terminal, id)))(parts);
    // The reused id's row starts over as an open transaction (a second INSERT of the id would fail the commit).
    const store = parts.session.store;
    around(store, 'createTransaction', (createTransaction) => (id, terminalId, now) => {
      if (store.hasTransaction(id)) store.updateTransaction(id, { state: 'open', amount: null, method: null, outcome: null, ticket: null }, now);
      else createTransaction(id, terminalId, now);
    });
  },
} satisfies Partial<Record<FaultName, FaultInstaller>>;
