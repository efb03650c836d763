/**
 * How d540407 reads a backend frame: Moshi's reflective Kotlin adapter for
 * `SocketMessage` (PaymentViewModel.kt:90-98, :1715; SocketMessages.kt:7-68).
 * It throws, and the kiosk shows "Invalid message format: <message>"
 * (PaymentViewModel.kt:1764-1770, pinto-android-2.md §7.2), when a
 * non-null property is absent or null or a present value has the wrong JSON
 * type; unknown keys are skipped (§7.3). The messages imitate Moshi's
 * wording; nothing depends on them but the text on the device-error screen.
 */

/** The parts of `MessageData` the kiosk reads (SocketMessages.kt:16-68); every field is optional. */
export interface IncomingData {
  amounts?: number[] | null;
  currency?: string | null;
  showOtherOption?: boolean | null;
  methods?: string[] | null;
  allowCancel?: boolean | null;
  selectedAmount?: number | null;
  selectionMethod?: string | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  limit?: number | null;
  remaining?: number | null;
  paymentUrl?: string | null;
  minTransactionLimit?: number | null;
  maxTransactionLimit?: number | null;
  transactionFeeType?: string | null;
  transactionFeeValue?: number | null;
  yaspaEnabled?: boolean | null;
  paymentProvider?: string | null;
  requireCardReceipt?: boolean | null;
  cardToken?: string | null;
  requestType?: string | null;
  deviceIpAddress?: string | null;
  deviceSerialNumber?: string | null;
  paymentDetails?: Record<string, string> | null;
  originalTransactionId?: string | null;
  originalRequesterTransRefNum?: string | null;
  reversalAmount?: number | null;
}

/** A parsed `SocketMessage` (SocketMessages.kt:7-13). */
export interface IncomingMessage {
  messageType: string;
  screen: string;
  data: IncomingData | null;
  transactionId: string;
  timestamp: number;
}

/** Moshi's JsonDataException / JsonEncodingException, as the device-error text shows it. */
export class MoshiError extends Error {}

type Kind = 'string' | 'int' | 'long' | 'double' | 'boolean' | 'int[]' | 'string[]' | 'map';

const dataKinds: Record<keyof IncomingData, Kind> = {
  amounts: 'int[]', currency: 'string', showOtherOption: 'boolean', methods: 'string[]', allowCancel: 'boolean',
  selectedAmount: 'int', selectionMethod: 'string', errorCode: 'string', errorMessage: 'string', limit: 'int',
  remaining: 'int', paymentUrl: 'string', minTransactionLimit: 'double', maxTransactionLimit: 'double',
  transactionFeeType: 'string', transactionFeeValue: 'double', yaspaEnabled: 'boolean', paymentProvider: 'string',
  requireCardReceipt: 'boolean', cardToken: 'string', requestType: 'string', deviceIpAddress: 'string',
  deviceSerialNumber: 'string', paymentDetails: 'map', originalTransactionId: 'string',
  originalRequesterTransRefNum: 'string', reversalAmount: 'int',
};

const typeName = (v: unknown): string =>
  v === null ? 'NULL' : Array.isArray(v) ? 'BEGIN_ARRAY' : typeof v === 'object' ? 'BEGIN_OBJECT' : typeof v === 'string' ? 'STRING' : typeof v === 'number' ? 'NUMBER' : 'BOOLEAN';

/** Moshi's `nextString` takes numbers too, and `nextInt`/`nextLong`/`nextDouble` take numeric strings (§7.3 last paragraph). */
function readValue(kind: Kind, value: unknown, path: string): unknown {
  switch (kind) {
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number') return String(value);
      throw new MoshiError(`Expected a string but was ${typeName(value)} at path ${path}`);
    case 'int':
    case 'long': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw new MoshiError(`Expected ${kind === 'int' ? 'an int' : 'a long'} but was ${typeName(value)} at path ${path}`);
      const limit = kind === 'int' ? 2 ** 31 : 2 ** 63;
      if (!Number.isInteger(n) || n >= limit || n < -limit) throw new MoshiError(`Expected ${kind === 'int' ? 'an int' : 'a long'} but was ${String(value)} at path ${path}`);
      return n;
    }
    case 'double': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw new MoshiError(`Expected a double but was ${typeName(value)} at path ${path}`);
      return n;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      throw new MoshiError(`Expected a boolean but was ${typeName(value)} at path ${path}`);
    case 'int[]':
    case 'string[]':
      if (!Array.isArray(value)) throw new MoshiError(`Expected BEGIN_ARRAY but was ${typeName(value)} at path ${path}`);
      // A null element of a List<Int> is kept by Moshi's collection adapter; the kiosk never reads one, so it is refused here like a wrong type.
      return value.map((v, i) => readValue(kind === 'int[]' ? 'int' : 'string', v, `${path}[${i}]`));
    case 'map': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new MoshiError(`Expected BEGIN_OBJECT but was ${typeName(value)} at path ${path}`);
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(value)) out[k] = readValue('string', v, `${path}.${k}`) as string;
      return out;
    }
  }
}

/**
 * Parses one backend text frame as d540407 does; throws MoshiError where the
 * app's parser throws. `{"ping":true}` and any frame without the four
 * required envelope fields throw too (§7.2: an echoed keepalive puts the
 * kiosk on its device-error screen).
 */
export function readSocketMessage(text: string): IncomingMessage {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    throw new MoshiError(`Use JsonReader.setLenient(true) to accept malformed JSON: ${(error as Error).message}`);
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root)) throw new MoshiError(`Expected BEGIN_OBJECT but was ${typeName(root)} at path $`);
  const obj = root as Record<string, unknown>;
  const required = (name: 'messageType' | 'screen' | 'transactionId' | 'timestamp', kind: Kind): unknown => {
    if (!(name in obj)) throw new MoshiError(`Required value '${name}' missing at $`);
    if (obj[name] === null) throw new MoshiError(`Non-null value '${name}' was null at $.${name}`);
    return readValue(kind, obj[name], `$.${name}`);
  };
  const messageType = required('messageType', 'string') as string;
  const screen = required('screen', 'string') as string;
  let data: IncomingData | null = null;
  if ('data' in obj && obj.data !== null) {
    const raw = obj.data;
    if (typeof raw !== 'object' || Array.isArray(raw)) throw new MoshiError(`Expected BEGIN_OBJECT but was ${typeName(raw)} at path $.data`);
    const parsed: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
      const kind = (dataKinds as Record<string, Kind | undefined>)[key];
      if (kind === undefined || value === null) continue;
      parsed[key] = readValue(kind, value, `$.data.${key}`);
    }
    data = parsed as IncomingData;
  }
  const transactionId = required('transactionId', 'string') as string;
  const timestamp = required('timestamp', 'long') as number;
  return { messageType, screen, data, transactionId, timestamp };
}
