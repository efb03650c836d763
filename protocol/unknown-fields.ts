import type { Problem } from './problems.js';
import { loadSchemaFiles } from './schema-store.js';

type Direction = 'server' | 'terminal';

interface KnownFields {
  envelope: Set<string>;
  /** data field names by "MESSAGE_TYPE SCREEN" (screen "*" for any screen). */
  data: Map<string, Set<string>>;
}

interface MessageSchemaShape {
  properties?: {
    messageType?: { const?: string };
    screen?: { const?: string; enum?: string[] };
    data?: { properties?: Record<string, unknown> };
  };
}

/** Known fields per direction, derived from the message schemas so they never drift from them. */
function knownFields(direction: Direction): KnownFields {
  const hit = cache.get(direction);
  if (hit) return hit;
  const known: KnownFields = { envelope: new Set(['messageType', 'screen', 'data', 'transactionId', 'timestamp']), data: new Map() };
  for (const { file, schema } of loadSchemaFiles()) {
    const isTerminal = file.startsWith('actions/');
    const isServer = file.startsWith('screens/') || file.startsWith('messages/');
    if ((direction === 'terminal' && !isTerminal) || (direction === 'server' && !isServer)) continue;
    const props = (schema as MessageSchemaShape).properties;
    const messageType = props?.messageType?.const;
    if (!messageType) continue;
    const screens = props?.screen?.const ? [props.screen.const] : (props?.screen?.enum ?? ['*']);
    const fields = Object.keys(props?.data?.properties ?? {});
    for (const screen of screens) {
      const key = `${messageType} ${screen}`;
      const set = known.data.get(key) ?? new Set<string>();
      for (const f of fields) set.add(f);
      known.data.set(key, set);
    }
    // ERROR and STATUS_UPDATE take any screen: their data fields hold for all of them.
    if (!props?.screen?.const && !props?.screen?.enum) known.data.set(`${messageType} *`, new Set(fields));
  }
  cache.set(direction, known);
  return known;
}
const cache = new Map<Direction, KnownFields>();

/** The data fields the spec defines for a server or terminal message of that type and screen, or undefined when it defines none. */
export function definedDataFields(messageType: string, screen: string, direction: Direction = 'server'): ReadonlySet<string> | undefined {
  const known = knownFields(direction);
  return known.data.get(`${messageType} ${screen}`) ?? known.data.get(`${messageType} *`);
}

/**
 * Fields of a schema-valid message that the spec does not define. Receivers
 * ignore them (ENV-13); the conformance runner reports them as warnings.
 */
export function unknownFieldWarnings(message: object, direction: Direction): Problem[] {
  const known = knownFields(direction);
  let warnings: Problem[] | undefined;
  const warn = (path: string): void => {
    (warnings ??= []).push({ path, message: 'is not defined by the spec (ignored)', requirement: 'ENV-13', code: 'INVALID_MESSAGE' });
  };
  for (const key in message) if (!known.envelope.has(key)) warn(`/${escapePointer(key)}`);
  const m = message as { messageType?: string; screen?: string; data?: Record<string, unknown> };
  if (m.data && typeof m.data === 'object') {
    const fields = known.data.get(`${m.messageType} ${m.screen}`) ?? known.data.get(`${m.messageType} *`);
    if (fields) for (const key in m.data) if (!fields.has(key)) warn(`/data/${escapePointer(key)}`);
  }
  return warnings ?? [];
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
