import { h } from './dom.js';
import type { Finding } from './judge.js';
import type { LogEntry } from './session.js';

/** The time of day with milliseconds, local clock: 14:03:07.120. */
export function clockTime(at: number): string {
  const d = new Date(at);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** One wire-log line: direction, time, what it is, its verdict, its findings, and the frame as pretty JSON. */
export function drawEntry(entry: LogEntry, index: number): HTMLElement {
  if (entry.dir === 'note') {
    return h('li', { class: 'entry note', 'data-dir': 'note' }, h('span', { class: 'time mono' }, clockTime(entry.at)), h('span', { class: 'note-text' }, entry.text));
  }
  const judgement = entry.judgement;
  const verdict = judgement?.verdict ?? 'OK';
  const raw = judgement?.raw ?? tryParse(entry.text);
  const summary = summarise(raw, entry.text);
  const arrow = entry.dir === 'in' ? '⟵' : '⟶';
  const who = entry.dir === 'in' ? 'backend' : 'kiosk';
  const item = h('li', { class: `entry frame dir-${entry.dir} verdict-${verdict}`, 'data-dir': entry.dir, 'data-verdict': verdict, 'data-index': String(index) },
    h('div', { class: 'entry-head' },
      h('span', { class: 'arrow', title: `from the ${who}` }, arrow),
      h('span', { class: 'time mono' }, clockTime(entry.at)),
      h('span', { class: 'what' }, summary),
      entry.label !== undefined && h('span', { class: 'label small muted' }, entry.label),
      entry.answerMs !== undefined && h('span', { class: 'small muted answer', 'data-answer-ms': String(entry.answerMs) }, `answer in ${entry.answerMs} ms`),
      judgement?.transition !== undefined && h('span', { class: 'small muted transition' }, judgement.transition.replace('>', ' → ')),
      h('span', { class: `badge v-${verdict === 'OK' ? 'PASS' : verdict}` }, verdict === 'OK' ? (entry.dir === 'in' ? 'OK' : 'VALID') : verdict === 'FAIL' && entry.dir === 'out' ? 'INVALID' : verdict),
    ),
    judgement && judgement.findings.length > 0 && h('ul', { class: 'findings' }, ...judgement.findings.map(drawFinding)),
    h('details', { class: 'frame-body', open: '' }, h('summary', { class: 'small muted' }, 'frame'), h('pre', { class: 'json' }, pretty(entry.text))),
  );
  return item;
}

function drawFinding(f: Finding): HTMLElement {
  return h('li', { class: `finding f-${f.verdict}`, 'data-requirement': f.requirement, 'data-path': f.path },
    h('code', { class: 'path' }, f.path === '' ? '(message)' : f.path),
    ' ',
    h('span', {}, f.message),
    ' ',
    h('span', { class: `req badge v-${f.verdict}`, title: `${f.requirement}: ${f.level} (${f.requirement.startsWith('V2-') ? 'docs/protocol-v2.md' : 'docs/protocol.md'})` }, `${f.requirement} ${f.level}`),
  );
}

function summarise(raw: unknown, text: string): string {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return text.length > 60 ? `${text.slice(0, 60)}…` : text;
  const m = raw as Record<string, unknown>;
  if (Object.keys(m).length === 1 && m.ping === true) return 'keepalive {"ping":true}';
  const parts = [m.messageType, m.screen].filter((p) => p !== undefined).map(String);
  const data = m.data as Record<string, unknown> | undefined;
  if (m.messageType === 'ERROR' && data && typeof data === 'object') parts.push(String(data.errorCode));
  if (m.messageType === 'STATUS_UPDATE' && data && typeof data === 'object') parts.push(String(data.status));
  if (m.transactionId !== undefined) parts.push(`· ${String(m.transactionId)}`);
  return parts.join(' ');
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function pretty(text: string): string {
  const value = tryParse(text);
  return value === undefined ? text : JSON.stringify(value, null, 2);
}
