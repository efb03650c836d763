import type { ServerMessage } from './types/generated.js';

/** A screen identifier (ENV-3). */
export type Screen = ServerMessage['screen'];

/** The 11 screens in the order docs/protocol.md lists them. */
export const screens: readonly Screen[] = [
  'AMOUNT_SELECT', 'KEYPAD', 'PAYMENT_METHOD', 'PROCESSING', 'SUCCESS', 'FAILED',
  'LIMIT_ERROR', 'PRINT_TICKET', 'COLLECT_TICKET', 'THANK_YOU', 'DEVICE_ERROR',
];

/** One legal SCREEN_CHANGE transition and the requirements that allow it. */
export interface Transition {
  from: Screen;
  to: Screen;
  requirements: readonly string[];
}

/**
 * The screen graph of docs/protocol.md section 11, without the two blanket
 * rules (any screen may be re-sent; any screen may go to DEVICE_ERROR), which
 * `isLegalTransition` applies.
 */
export const screenTransitions: readonly Transition[] = [
  { from: 'AMOUNT_SELECT', to: 'KEYPAD', requirements: ['FLOW-3'] },
  { from: 'AMOUNT_SELECT', to: 'PAYMENT_METHOD', requirements: ['FLOW-2'] },
  { from: 'AMOUNT_SELECT', to: 'LIMIT_ERROR', requirements: ['FLOW-6'] },
  { from: 'KEYPAD', to: 'PAYMENT_METHOD', requirements: ['FLOW-4'] },
  { from: 'KEYPAD', to: 'LIMIT_ERROR', requirements: ['FLOW-6'] },
  { from: 'KEYPAD', to: 'AMOUNT_SELECT', requirements: ['FLOW-13', 'FLOW-15'] },
  { from: 'PAYMENT_METHOD', to: 'PROCESSING', requirements: ['FLOW-7'] },
  { from: 'PAYMENT_METHOD', to: 'AMOUNT_SELECT', requirements: ['FLOW-13', 'FLOW-15'] },
  { from: 'PROCESSING', to: 'SUCCESS', requirements: ['FLOW-8'] },
  { from: 'PROCESSING', to: 'FAILED', requirements: ['FLOW-8', 'FLOW-9', 'FLOW-10'] },
  { from: 'SUCCESS', to: 'PRINT_TICKET', requirements: ['FLOW-11'] },
  { from: 'SUCCESS', to: 'THANK_YOU', requirements: ['FLOW-19'] },
  { from: 'PRINT_TICKET', to: 'COLLECT_TICKET', requirements: ['FLOW-11'] },
  { from: 'COLLECT_TICKET', to: 'THANK_YOU', requirements: ['FLOW-11'] },
  { from: 'THANK_YOU', to: 'AMOUNT_SELECT', requirements: ['FLOW-11'] },
  { from: 'FAILED', to: 'AMOUNT_SELECT', requirements: ['FLOW-14', 'FLOW-15'] },
  { from: 'LIMIT_ERROR', to: 'AMOUNT_SELECT', requirements: ['FLOW-14', 'FLOW-15'] },
  { from: 'DEVICE_ERROR', to: 'AMOUNT_SELECT', requirements: ['FLOW-20'] },
];

const legal = new Set(screenTransitions.map((t) => `${t.from}>${t.to}`));

/**
 * Whether a server may move a terminal from one screen to another (GRAPH-1).
 * `from` undefined is the first screen of a connection, where anything goes
 * (FLOW-1 and resumption, RES-3).
 */
export function isLegalTransition(from: Screen | undefined, to: Screen): boolean {
  return from === undefined || from === to || to === 'DEVICE_ERROR' || legal.has(`${from}>${to}`);
}

/** A stable key for a transition, used by coverage reports: "AMOUNT_SELECT>KEYPAD". */
export function transitionKey(from: Screen, to: Screen): string {
  return `${from}>${to}`;
}
