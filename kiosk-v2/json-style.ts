/**
 * The two ways d540407 writes JSON (pinto-android-2.md §3.1). USER_ACTION
 * frames go through Moshi (compact, nulls left out, keys in the Kotlin
 * property order); CARD_CHECK_RESULT, PAYMENT_RESULT, REVERSAL_RESULT and the
 * kiosk's DEVICE_INFO are Kotlin raw strings with `trimIndent()`: values are
 * pasted in unescaped, so a `"` in a value makes a frame that is not JSON
 * (§3.1.2, §7.4.1). Both are reproduced byte for byte here, quirks included.
 */

/** The Kotlin property order of `SocketMessage` (SocketMessages.kt:7-13). */
const envelopeKeys = ['messageType', 'screen', 'data', 'transactionId', 'timestamp'] as const;

/** The Kotlin property order of `MessageData` (SocketMessages.kt:16-68). */
const dataKeys = [
  'amounts', 'currency', 'showOtherOption', 'methods', 'allowCancel', 'selectedAmount', 'selectionMethod',
  'errorCode', 'errorMessage', 'limit', 'remaining', 'paymentUrl', 'minTransactionLimit', 'maxTransactionLimit',
  'transactionFeeType', 'transactionFeeValue', 'yaspaEnabled', 'paymentProvider', 'requireCardReceipt', 'cardToken',
  'requestType', 'deviceIpAddress', 'deviceSerialNumber', 'paymentDetails', 'originalTransactionId',
  'originalRequesterTransRefNum', 'reversalAmount',
] as const;

/** A `MessageData` the kiosk builds for Moshi: only the fields its USER_ACTIONs set (§3.2 K1-K5). */
export interface MoshiData {
  selectedAmount?: number | null;
  selectionMethod?: string | null;
  errorMessage?: string | null;
}

/** A `SocketMessage` the kiosk builds for Moshi; `data: null` makes the key disappear (§3.1.1). */
export interface MoshiMessage {
  messageType: string;
  screen: string;
  data: MoshiData | null;
  transactionId: string;
  timestamp: number;
}

/**
 * Moshi's string escaping (JsonUtf8Writer): JSON's, plus U+2028 and U+2029,
 * which JSON.stringify leaves raw.
 */
function moshiString(value: string): string {
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * A message as `messageAdapter.toJson` writes it (PaymentViewModel.kt:90-98,
 * PaymentViewModel.kt:1666-1667): one line, no spaces, null properties left
 * out, so `data: null` drops the key and an all-null `data` is `{}`.
 */
export function moshiJson(message: MoshiMessage): string {
  const parts: string[] = [];
  for (const key of envelopeKeys) {
    const value = message[key];
    if (value === null || value === undefined) continue;
    if (key === 'data') {
      const data = value as MoshiData;
      const inner: string[] = [];
      for (const dataKey of dataKeys) {
        const v = (data as Record<string, unknown>)[dataKey];
        if (v === null || v === undefined) continue;
        inner.push(`${moshiString(dataKey)}:${typeof v === 'string' ? moshiString(v) : String(v)}`);
      }
      parts.push(`"data":{${inner.join(',')}}`);
    } else {
      parts.push(`${moshiString(key)}:${typeof value === 'string' ? moshiString(value) : String(value)}`);
    }
  }
  return `{${parts.join(',')}}`;
}

/** Kotlin's `Char.isWhitespace` for the characters a frame can hold (what `trimIndent` measures with). */
function isKotlinWhitespace(ch: string): boolean {
  return /\s/.test(ch) || ch === '\u001c' || ch === '\u001d' || ch === '\u001e' || ch === '\u001f';
}

function indentWidth(line: string): number {
  for (let i = 0; i < line.length; i++) if (!isKotlinWhitespace(line[i]!)) return i;
  return line.length;
}

const isBlank = (line: string): boolean => indentWidth(line) === line.length;

/**
 * Kotlin's `String.trimIndent()` (= `replaceIndent("")`): split on any line
 * break, drop a blank first and last line, cut the smallest indent of the
 * non-blank lines from every line, join with "\n". It runs after the
 * values are pasted in, so a value holding a line break changes the result
 * exactly as on the device.
 */
export function trimIndent(text: string): string {
  const lines = text.split(/\r\n|\n|\r/);
  const widths = lines.filter((l) => !isBlank(l)).map(indentWidth);
  const min = widths.length === 0 ? 0 : Math.min(...widths);
  const last = lines.length - 1;
  const out: string[] = [];
  lines.forEach((line, i) => {
    if ((i === 0 || i === last) && isBlank(line)) return;
    out.push(line.slice(min));
  });
  return out.join('\n');
}

/**
 * One Kotlin raw-string template: `lines` with their indent relative to the
 * template's `{`, placed at `baseIndent` columns as in the source, with the
 * source's opening and closing lines, then `trimIndent()`. `baseIndent` is
 * the column of the template's `{` in PaymentViewModel.kt (it only shows in
 * the output when a pasted value holds a line break).
 */
export function rawTemplate(baseIndent: number, lines: readonly string[]): string {
  const pad = ' '.repeat(baseIndent);
  const closing = ' '.repeat(Math.max(0, baseIndent - 4));
  return trimIndent(`\n${lines.map((l) => pad + l).join('\n')}\n${closing}`);
}

/** Kotlin string interpolation of a `String?`: null prints "null". */
export const kt = (value: string | null | undefined): string => (value === null || value === undefined ? 'null' : value);

/** `message.replace("\"", "\\\"")`: the only escaping the two builders do (PaymentViewModel.kt:795, :806, :831, :842). */
export const quoteOnly = (value: string): string => value.replace(/"/g, '\\"');
