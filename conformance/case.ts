import type { TerminalProfile } from '../protocol/validator.js';
import type { CaseContext } from './context.js';
import type { FeatureName } from './target.js';

/** One conformance case, h2spec-style: an id per spec section, the requirements it checks, and its steps. */
export interface ConformanceCase {
  /** Hierarchical id: "<section>/<n>/<m>", e.g. "flow/4/2". The first segment is the section. */
  id: string;
  title: string;
  /** Requirement ids of docs/protocol.md this case checks. */
  requirements: string[];
  /** MUST cases decide conformance; a failing SHOULD case is a WARN. */
  level: 'MUST' | 'SHOULD';
  needs?: {
    /** Optional features the target must declare, else the case is N/A. */
    features?: FeatureName[];
    /** A test-control scenario (TC-3) the backend must accept, else the case is SKIPPED. */
    scenario?: string;
    /** A terminal dialect the run must speak, else N/A. */
    profile?: TerminalProfile;
    /**
     * Distinct test terminals the case uses at once (identities A and B, the
     * isolation cases of AUTH-5); default 1. With authentication on and a
     * pool of one token, a case needing 2 is N/A ("needs a second test terminal").
     */
    terminals?: 1 | 2;
    /**
     * How many payments of the smallest offered amount the case may make on
     * one terminal (each counts against the daily limit, FLOW-6, if it may
     * succeed); default 0. The case's need is then (payments + 1) x that
     * amount plus `spend`: every case may select the smallest amount once
     * more and expect PAYMENT_METHOD.
     */
    payments?: number;
    /**
     * The most the case may pay on each of its terminals, in amount units,
     * beyond its `payments` of the smallest amount
     * (the sum of the amounts of payments that may succeed and so count
     * against the daily limit, FLOW-6); default 0. The runner budgets each
     * token's daily limit with it: with test control it resets what is left
     * before the case, without it it gives the case a token that still has
     * this much, or says before the run how many more tokens it needs.
     */
    spend?: number;
    /**
     * The case reads the daily limit as a ledger: it must know what is left
     * on its terminals when it starts (`ctx.limitLeft(as)`). With test
     * control the runner sets it to the declared limit (target dailyLimit)
     * first; without, it gives the case terminals this run has not paid on.
     */
    knownLimit?: boolean;
    /**
     * The case waits for the idle timeout (FLOW-15) or another long
     * server-side timer: the scheduler starts it early, on its own terminal,
     * while the other cases share the rest of the pool.
     */
    idleTimeout?: boolean;
    /**
     * The identity that must be a terminal the backend has not seen in this
     * run (first contact: its first screen, an orphaned transaction of
     * another terminal, isolation). Without authentication every case's
     * terminal ids are new anyway; with a token pool the runner keeps a
     * token back from settling for it (settled after the case), and the
     * case is N/A when the pool has too few tokens to keep one back.
     */
    firstContact?: 'A' | 'B';
  };
  /**
   * The case judges the first screen of a connection (FLOW-1, the envelope,
   * AMOUNT_SELECT's data). When settling the pool before the run finds a
   * broken first screen, these run first; if one FAILs, the run stops there
   * (every other case starts from a good first screen).
   */
  firstScreenGate?: true;
  run(ctx: CaseContext): Promise<void>;
}

/** The section of a case: the first segment of its id. */
export function sectionOf(id: string): string {
  return id.split('/')[0] ?? id;
}
