import { byId, h } from './dom.js';
import { framesAsJsonl, tally, type LogEntry } from './session.js';
import { drawEntry } from './wire-log.js';

/** The wire log of a page (#log, the #count-* badges, the export buttons): both the v1 and the v2 page use it. */
export interface LogPanel {
  readonly entries: LogEntry[];
  add(entry: LogEntry): void;
  note(text: string): void;
}

/**
 * Wires the page's log panel: entries drawn as they come (kept scrolled to
 * the end when it was), the verdict counts, the "only problems" filter, and
 * the two export buttons, each saving one direction's frames as JSONL under
 * the name `files` gives it.
 */
export function logPanel(files: { backend: () => string; kiosk: () => string }): LogPanel {
  const entries: LogEntry[] = [];
  const list = byId<HTMLOListElement>('log');
  const add = (entry: LogEntry): void => {
    entries.push(entry);
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.append(drawEntry(entry, entries.length - 1));
    if (atBottom) list.scrollTop = list.scrollHeight;
    const counts = tally(entries);
    byId('count-ok').textContent = String(counts.OK);
    byId('count-warn').textContent = String(counts.WARN);
    byId('count-fail').textContent = String(counts.FAIL);
  };
  byId('export-server').addEventListener('click', () => download(files.backend(), framesAsJsonl(entries, 'in')));
  byId('export-terminal').addEventListener('click', () => download(files.kiosk(), framesAsJsonl(entries, 'out')));
  byId<HTMLInputElement>('only-problems').addEventListener('change', (e) => list.classList.toggle('only-problems', (e.target as HTMLInputElement).checked));
  return { entries, add, note: (text) => add({ dir: 'note', at: Date.now(), text }) };
}

/** A file name's time part: now, with no characters a file system refuses. */
export function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/x-ndjson' }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
