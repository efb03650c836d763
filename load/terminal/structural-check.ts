import { IDENTIFIER_RULE, isIdentifier } from '../../protocol/identifier.js';
import { screens } from '../../protocol/screen-graph.js';
import type { FrameCheck, Screen, ServerFrame } from './types.js';

const screenNames: ReadonlySet<string> = new Set<Screen>(screens);
const serverTypes: ReadonlySet<string> = new Set(['SCREEN_CHANGE', 'ERROR', 'STATUS_UPDATE']);

/**
 * A light structural check of a server frame, for runtimes without ajv (k6):
 * JSON object, the five envelope fields with their types (ENV-1..8, ENV-14),
 * and the data fields the virtual terminal reads. The Node driver uses the
 * full schemas (protocol/frame.ts parseFrame) instead.
 */
export function checkServerFrameStructure(text: string): FrameCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problems: ['is not JSON (ERR-1)'] };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, problems: ['is not a JSON object (TRN-2)'] };
  const v = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof v.messageType !== 'string' || !serverTypes.has(v.messageType)) problems.push(`messageType ${JSON.stringify(v.messageType)} is not a server message type (ENV-2, ENV-14)`);
  if (typeof v.screen !== 'string' || !screenNames.has(v.screen)) problems.push(`screen ${JSON.stringify(v.screen)} is not a screen (ENV-3)`);
  if (v.data === null || typeof v.data !== 'object' || Array.isArray(v.data)) problems.push('data is not an object (ENV-5)');
  if (!isIdentifier(v.transactionId)) problems.push(`transactionId ${JSON.stringify(v.transactionId)} is not ${IDENTIFIER_RULE} (ENV-6)`);
  if (typeof v.timestamp !== 'number' || !Number.isInteger(v.timestamp)) problems.push('timestamp is not an integer (ENV-8)');
  if (problems.length > 0) return { ok: false, problems };
  const frame = v as unknown as ServerFrame;
  problems.push(...checkData(frame));
  return problems.length > 0 ? { ok: false, problems, frame } : { ok: true, frame };
}

/** The data fields the terminal acts on; the schemas check the rest. */
function checkData(frame: ServerFrame): string[] {
  const d = frame.data;
  if (frame.messageType === 'ERROR') return typeof d.errorCode === 'string' ? [] : ['ERROR data.errorCode is not a string (SCR-12)'];
  if (frame.messageType !== 'SCREEN_CHANGE') return [];
  switch (frame.screen) {
    case 'AMOUNT_SELECT':
      return Array.isArray(d.amounts) && d.amounts.length > 0 && d.amounts.every((a) => Number.isInteger(a) && (a as number) > 0) && typeof d.showOtherOption === 'boolean'
        ? [] : ['AMOUNT_SELECT data.amounts/showOtherOption malformed (SCR-1)'];
    case 'KEYPAD':
      return Number.isInteger(d.minAmount) && Number.isInteger(d.maxAmount) && (d.minAmount as number) <= (d.maxAmount as number)
        ? [] : ['KEYPAD data.minAmount/maxAmount malformed (SCR-2)'];
    case 'PAYMENT_METHOD':
      return Array.isArray(d.methods) && d.methods.length > 0 && typeof d.allowCancel === 'boolean'
        ? [] : ['PAYMENT_METHOD data.methods/allowCancel malformed (SCR-3)'];
    case 'FAILED':
    case 'DEVICE_ERROR':
      return typeof d.errorCode === 'string' ? [] : [`${frame.screen} data.errorCode is not a string (SCR-6, SCR-9)`];
    case 'LIMIT_ERROR':
      return Number.isInteger(d.limit) && Number.isInteger(d.remaining) ? [] : ['LIMIT_ERROR data.limit/remaining malformed (SCR-7)'];
    default:
      return [];
  }
}
