import type { ScriptedTerminal } from '../../../kiosk-v2/card-terminal.js';
import { isNnsmartProvider } from '../../../kiosk-v2/storage.js';

/** What the person makes the card terminal do with the next card. */
export type NextCard = 'approve' | 'decline' | 'no-token' | 'lose-connection';

/** The terminal buttons, in the order the page shows them, with what each does per path. */
export const nextCardChoices: ReadonlyArray<{ choice: NextCard; label: string; integra: string; nnsmart: string }> = [
  { choice: 'approve', label: 'Approve', integra: 'card check and sale approved', nnsmart: 'sale approved with a PAR' },
  { choice: 'decline', label: 'Decline', integra: 'card check approved, the sale declined: PAYMENT_RESULT FAILED', nnsmart: 'the sale declined: PAYMENT_RESULT FAILED' },
  { choice: 'no-token', label: 'No token', integra: 'the card check returns no token: cardToken "null" (M5)', nnsmart: 'no PAR: the fixed dev PAR (M5)' },
  {
    choice: 'lose-connection',
    label: 'Lose the connection at the worst moment',
    integra: 'the sale is approved, then the link dies just before PAYMENT_RESULT: paid, unreported (M7)',
    nnsmart: 'the sale is taken, then the link dies just before CARD_CHECK_RESULT: money taken, the backend never hears (M2); a restart reverses it (§5i)',
  },
];

/** Which terminal path the stored configuration picks (§5c step 1): mock, NNSmart, or Integra for anything else. */
export function terminalPath(provider: string | undefined): 'integra' | 'nnsmart' | 'mock' {
  // No configuration yet: d540407's default provider is nnsmart (PaymentViewModel.kt:2087, §8 D6).
  const p = (provider ?? 'nnsmart').toLowerCase();
  if (p === 'mock') return 'mock';
  return isNnsmartProvider(p) ? 'nnsmart' : 'integra';
}

/**
 * Scripts the next card on the virtual kiosk's own terminal (kiosk-v2's
 * ScriptedTerminal): clears what was queued and queues the steps that make
 * `choice` happen on the path the kiosk will take. An empty queue approves,
 * so after one card the terminal approves again. Returns false on the mock
 * path, which is code inside the app and cannot be scripted.
 */
export function armNextCard(terminal: ScriptedTerminal, provider: string | undefined, choice: NextCard): boolean {
  for (const queue of [terminal.cardChecks, terminal.sales, terminal.nnsmartSales]) queue.splice(0);
  const path = terminalPath(provider);
  if (path === 'mock') return false;
  if (path === 'nnsmart') {
    if (choice === 'decline') terminal.nnsmartSales.push({ outcome: 'decline' });
    else if (choice === 'no-token') terminal.nnsmartSales.push({ outcome: 'approve', par: null });
    else if (choice === 'lose-connection') terminal.nnsmartSales.push({ outcome: 'approve', loseConnection: true });
    return true;
  }
  if (choice === 'decline') terminal.sales.push({ outcome: 'decline' });
  else if (choice === 'no-token') terminal.cardChecks.push({ outcome: 'approve', token: null });
  else if (choice === 'lose-connection') terminal.sales.push({ outcome: 'approve', loseConnection: true });
  return true;
}

/** What the terminal will do with the next card, in words, from its queues. */
export function armedNow(terminal: ScriptedTerminal, provider: string | undefined): NextCard {
  const path = terminalPath(provider);
  const sale = path === 'nnsmart' ? terminal.nnsmartSales[0] : terminal.sales[0];
  const check = path === 'integra' ? terminal.cardChecks[0] : undefined;
  if (sale?.loseConnection) return 'lose-connection';
  if (sale && sale.outcome !== 'approve') return 'decline';
  if ((check && check.outcome === 'approve' && check.token === null) || (sale?.outcome === 'approve' && 'par' in sale && sale.par === null)) return 'no-token';
  return 'approve';
}
