import { requirement } from '../requirements.js';

/**
 * Whether breaking this docs/protocol-v2.md requirement FAILs a backend: a
 * MUST that pinto-android-2.md or the app's code states. A SHOULD, a MAY,
 * the project's own reading and an open question of §9 only ever WARN
 * (pinto-android-2.md "Ground rules": the suite FAILs only on MUST rules).
 */
export function isV2Hard(id: string): boolean {
  const r = requirement(id, 2);
  return r.level === 'MUST' && r.source !== 'project' && !r.source.startsWith('open ');
}
