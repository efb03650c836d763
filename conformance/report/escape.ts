/**
 * Escaping for everything a report shows. Wire data, reasons and schema
 * messages come from the backend under test, which is hostile input: every
 * string goes through one of these functions before it reaches markup.
 */

const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML element content and quoted attribute values. C0 and
 * C1 control characters (other than tab, newline, carriage return) become a
 * visible `\uXXXX` so an operator sees that the backend sent them.
 */
export function escapeHtml(value: unknown): string {
  return showControls(String(value)).replace(/[&<>"']/g, (c) => htmlEntities[c] ?? c);
}

/** Replaces control characters that display as nothing with `\uXXXX` text. */
function showControls(text: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, codeOf);
}

function codeOf(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Makes a string valid XML 1.0 character data: characters XML 1.0 forbids
 * (most C0 controls, lone surrogates, U+FFFE, U+FFFF) become `\uXXXX` text,
 * then markup characters are escaped. In attributes, tab and newlines are
 * written as character references so parsers keep them.
 */
export function escapeXml(value: unknown, inAttribute = false): string {
  let out = '';
  for (const c of xmlSafe(String(value))) {
    switch (c) {
      case '&': out += '&amp;'; break;
      case '<': out += '&lt;'; break;
      case '>': out += '&gt;'; break;
      case '"': out += '&quot;'; break;
      case "'": out += '&apos;'; break;
      case '\n': out += inAttribute ? '&#10;' : c; break;
      case '\r': out += inAttribute ? '&#13;' : '&#13;'; break;
      case '\t': out += inAttribute ? '&#9;' : c; break;
      default: out += c;
    }
  }
  return out;
}

/** Replaces every character XML 1.0 does not allow with `\uXXXX` text. */
export function xmlSafe(text: string): string {
  // Lone surrogates are matched pairwise-aware by the `u` flag: a valid pair is one code point and never matches.
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Surrogate}/gu, codeOf);
}

/** Cuts text to `max` characters, marking the cut with the number of characters left out. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (+${text.length - max} chars)`;
}
