import type { Problem } from './problems.js';
import type { ServerMessage } from './types/generated.js';

/**
 * Cross-field rules that JSON Schema cannot state. Each rule runs only on a
 * message that already passed its schema, and reports like a schema error.
 * (Uniqueness of `amounts` and `methods` is stated in the schemas with
 * `uniqueItems`, so it is not repeated here.)
 */
export interface SemanticRule {
  /** Stable name, used in docs/protocol.md and tests. */
  name: string;
  requirement: string;
  /** What the rule demands, in the spec's words. */
  description: string;
  check(message: ServerMessage): Problem | undefined;
}

/** Every semantic rule, in the order they run. */
export const semanticRules: readonly SemanticRule[] = [
  {
    name: 'keypad-bounds-ordered',
    requirement: 'SCR-2',
    description: 'KEYPAD minAmount <= maxAmount',
    check: (m) =>
      m.messageType === 'SCREEN_CHANGE' && m.screen === 'KEYPAD' && m.data.minAmount > m.data.maxAmount
        ? problem('/data/minAmount', `must be <= maxAmount (${m.data.maxAmount})`, 'SCR-2')
        : undefined,
  },
  {
    name: 'limit-remaining-within-limit',
    requirement: 'SCR-7',
    description: 'LIMIT_ERROR remaining <= limit',
    check: (m) =>
      m.messageType === 'SCREEN_CHANGE' && m.screen === 'LIMIT_ERROR' && m.data.remaining > m.data.limit
        ? problem('/data/remaining', `must be <= limit (${m.data.limit})`, 'SCR-7')
        : undefined,
  },
];

function problem(path: string, message: string, requirement: string): Problem {
  return { path, message, requirement, code: 'INVALID_MESSAGE' };
}

/** Runs every semantic rule on a schema-valid server message. */
export function checkServerSemantics(message: ServerMessage): Problem[] {
  const problems: Problem[] = [];
  for (const rule of semanticRules) {
    const found = rule.check(message);
    if (found) problems.push(found);
  }
  return problems;
}
