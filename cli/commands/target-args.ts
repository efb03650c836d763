import { loadTargetFile } from '../../conformance/target.js';
import type { ConformanceTarget } from '../../protocol/types/generated-formats.js';
import { UsageError } from '../usage-error.js';

/**
 * The target description `certify` was given: the --target file (the URL argument winning over its url), or one
 * made of the URL alone. `how` ends the usage error when neither is given.
 */
export function targetFromArgs(args: Record<string, unknown>, how: string): ConformanceTarget {
  if (typeof args.target === 'string') {
    let target: ConformanceTarget;
    try {
      target = loadTargetFile(args.target);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (typeof args.url === 'string') target.url = args.url;
    return target;
  }
  if (typeof args.url === 'string') return { url: args.url };
  throw new UsageError(`name the backend: ${how}`);
}
