import type { ConformanceCase } from '../case.js';
import type { V2CaseContext } from './context.js';
import type { V2Provider } from './target.js';

/**
 * One v2 case: v1's case shape (id, title, requirements of docs/protocol-v2.md,
 * level, steps), run with a context that plays d540407 kiosks.
 */
export interface V2Case extends Pick<ConformanceCase, 'id' | 'title' | 'requirements' | 'level'> {
  needs?: {
    /** Test kiosks used at once; default 1. */
    kiosks?: 1 | 2;
    /** The provider the kiosk must be configured with (the target must serve it). */
    provider?: V2Provider;
    /** A test-control scenario of docs/reference-server-v2.md the backend must honour, else SKIP. */
    scenario?: string;
    /** The books endpoint: without it the case is N/A. */
    books?: boolean;
  };
  run(ctx: V2CaseContext): Promise<void>;
}
