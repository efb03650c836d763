import { defaultProfile, isTerminalProfile, profileNamed, type TerminalProfile } from '../../protocol/profiles/index.js';
import { connectUrl } from '../backend-url.js';
import { KioskSocket } from './connection.js';
import type { Dialect, TerminalAction } from '../../protocol/dialects/actions.js';
import { dialectFor } from '../../protocol/profiles/index.js';
import { byId, h } from './dom.js';
import { KioskJudge } from './judge.js';
import { drawScreen, type StatusShown } from './screens.js';
import { logPanel, stamp } from './log-panel.js';
import type { LogEntry } from './session.js';

/** What `paysock kiosk` put in the page (a JSON data block: no inline script under the CSP). */
interface KioskConfig {
  backend: string;
  token?: string;
  terminalId?: string;
  profile: TerminalProfile;
}

/** FLOW-17: every USER_ACTION is answered within 1 s (the certifier widens this by the measured round trip). */
const ANSWER_WINDOW_MS = 1_000;

const config = JSON.parse(byId('kiosk-config').textContent ?? '{}') as KioskConfig;
const judge = new KioskJudge();
let profile: TerminalProfile = isTerminalProfile(config.profile) ? config.profile : defaultProfile;
let dialect = makeDialect(profile);
let socket: KioskSocket | undefined;

/** What the kiosk shows and holds: the backend's last screen, its data, and the transaction id to echo. */
const state = {
  screen: undefined as string | undefined,
  data: undefined as unknown,
  transactionId: undefined as string | undefined,
  status: undefined as StatusShown | undefined,
  /** Every action sent, for the stale-action button. */
  sent: [] as Array<{ screen: string | undefined; messages: TerminalAction[] }>,
  awaitingSince: undefined as number | undefined,
  answerTimer: undefined as number | undefined,
  limitResetTimer: undefined as number | undefined,
  idleSince: undefined as number | undefined,
  idleTimer: undefined as number | undefined,
  usedToken: false,
  /** The last currency a screen named, for screens that name none. */
  currency: '',
  /** Every transaction id the backend used, oldest first (for reusing a finished one). */
  seenIds: [] as string[],
};

const form = {
  backend: byId<HTMLInputElement>('backend'),
  token: byId<HTMLInputElement>('token'),
  terminalId: byId<HTMLInputElement>('terminal-id'),
  profile: byId<HTMLSelectElement>('profile'),
  connect: byId<HTMLButtonElement>('connect'),
};
form.backend.value = config.backend ?? '';
form.token.value = config.token ?? '';
form.terminalId.value = config.terminalId ?? '';
form.profile.value = profile;

function makeDialect(p: TerminalProfile): Dialect {
  return dialectFor(p, { newTransactionId: () => `T-${hex(6)}`, newUuid: uuid });
}

function hex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A random UUID v4 in java.util.UUID's form (lowercase, hyphens), as the shipped client makes them. */
function uuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const x = Array.from(b, (v) => v.toString(16).padStart(2, '0')).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

// ---- the log ---------------------------------------------------------------

const log = logPanel({
  backend: () => `kiosk-server-frames-${stamp()}.jsonl`,
  kiosk: () => `kiosk-terminal-frames-${profile}-${stamp()}.jsonl`,
});
const addEntry = log.add;
const note = log.note;

// ---- sending ---------------------------------------------------------------

/** Sends messages as the kiosk, logs each judged as a terminal message of the profile. */
function send(messages: TerminalAction[] | Array<Record<string, unknown>>, label: string, times = 1): void {
  if (state.idleSince !== undefined) stopIdle();
  for (let i = 0; i < times; i++) {
    for (const m of messages) sendText(JSON.stringify({ ...m, timestamp: Date.now() }), label);
  }
  state.sent.push({ screen: state.screen, messages: messages as TerminalAction[] });
  state.awaitingSince = Date.now();
  window.clearTimeout(state.answerTimer);
  state.answerTimer = window.setTimeout(() => {
    if (state.awaitingSince === undefined) return;
    state.awaitingSince = undefined;
    note(`No answer within ${ANSWER_WINDOW_MS} ms of "${label}" (FLOW-17: every USER_ACTION gets a SCREEN_CHANGE or an ERROR within 1 s; the certifier widens the window by the network's round trip).`);
  }, ANSWER_WINDOW_MS);
}

function sendText(text: string, label: string): void {
  if (!socket?.send(text)) {
    note(`Not connected: "${label}" was dropped (like the shipped client, the kiosk queues nothing).`);
    return;
  }
  addEntry({ dir: 'out', at: Date.now(), text, label, judgement: judge.outbound(text, profile) });
}

const actions = {
  preset: (amount: unknown) => send(dialect.preset(state.transactionId, amount), `preset ${String(amount)}`),
  other: () => send(dialect.other(state.transactionId), 'Other'),
  keypad: (amount: number) => send(dialect.keypad(state.transactionId, amount), `keypad ${amount}`),
  method: (method: string) => send(dialect.method(state.transactionId, method), `method ${method}`),
  cancel: (screen: 'KEYPAD' | 'PAYMENT_METHOD') => send(dialect.cancel(state.transactionId, screen), 'Cancel'),
  ok: (screen: 'FAILED' | 'LIMIT_ERROR') => send(dialect.ok(state.transactionId, screen), 'OK'),
};

// ---- receiving -------------------------------------------------------------

function received(text: string): void {
  const judgement = judge.inbound(text);
  const entry: LogEntry = { dir: 'in', at: Date.now(), text, judgement };
  if (state.awaitingSince !== undefined) {
    entry.answerMs = entry.at - state.awaitingSince;
    state.awaitingSince = undefined;
    window.clearTimeout(state.answerTimer);
  }
  addEntry(entry);
  const m = judgement.raw as Record<string, unknown> | undefined;
  if (m === null || typeof m !== 'object' || Array.isArray(m)) return;
  // The shipped client adopts the id of every message it parses; the document's client follows the screens.
  if (typeof m.transactionId === 'string' && (profileNamed(profile).client.adoptsEveryTransactionId || m.messageType === 'SCREEN_CHANGE')) state.transactionId = m.transactionId;
  if (typeof m.transactionId === 'string' && !state.seenIds.includes(m.transactionId)) state.seenIds.push(m.transactionId);
  if (m.messageType === 'SCREEN_CHANGE' && typeof m.screen === 'string') {
    if (m.screen !== 'PROCESSING') state.status = undefined;
    show(m.screen, m.data, judgement.verdict === 'FAIL');
  } else if (m.messageType === 'STATUS_UPDATE') {
    state.status = (m.data ?? {}) as StatusShown;
    if (state.screen === 'PROCESSING') show('PROCESSING', state.data, false);
  } else if (m.messageType === 'ERROR') {
    const data = (m.data ?? {}) as Record<string, unknown>;
    banner(`ERROR ${String(data.errorCode)}: ${String(data.errorMessage ?? '')}`);
  }
}

function show(screen: string, data: unknown, invalid: boolean): void {
  const changed = screen !== state.screen;
  state.screen = screen;
  state.data = data;
  const kiosk = byId('kiosk');
  const currency = (data as { currency?: unknown } | undefined)?.currency;
  if (typeof currency === 'string') state.currency = currency;
  kiosk.replaceChildren(drawScreen(screen, data, actions, state.status, state.currency));
  kiosk.classList.toggle('shown-invalid', invalid);
  byId('kiosk-flag').hidden = !invalid;
  if (changed) banner(undefined);
  if (changed) window.clearTimeout(state.limitResetTimer);
  const leaveAfter = profileNamed(profile).client.leavesLimitErrorAfterMs;
  if (changed && screen === 'LIMIT_ERROR' && leaveAfter !== undefined) {
    state.limitResetTimer = window.setTimeout(() => {
      if (state.screen === 'LIMIT_ERROR') send(dialect.ok(state.transactionId, 'LIMIT_ERROR'), `auto-RESET ${leaveAfter / 1000} s after LIMIT_ERROR (the shipped client)`);
    }, leaveAfter);
  }
}

function banner(text: string | undefined): void {
  const b = byId('kiosk-banner');
  b.hidden = text === undefined;
  b.textContent = text ?? '';
}

function showWaiting(text: string): void {
  state.screen = undefined;
  byId('kiosk').replaceChildren(h('section', { class: 'screen waiting' }, h('div', { class: 'spinner', 'aria-hidden': 'true' }), h('p', { class: 'muted' }, text)));
}

// ---- connecting ------------------------------------------------------------

function setStatus(kind: 'open' | 'connecting' | 'closed', text: string): void {
  const s = byId('status');
  s.dataset.connection = kind;
  s.textContent = text;
  form.connect.textContent = kind === 'closed' ? 'Connect' : 'Disconnect';
}

function connect(): void {
  socket?.disconnect();
  profile = form.profile.value as TerminalProfile;
  dialect = makeDialect(profile);
  let url: string;
  try {
    url = connectUrl({ backend: form.backend.value.trim(), token: form.token.value.trim() || undefined, terminalId: form.terminalId.value.trim() || undefined });
  } catch (error) {
    note(`Cannot connect: ${(error as Error).message}`);
    return;
  }
  state.usedToken = form.token.value.trim() !== '';
  byId('auth-note').hidden = !state.usedToken;
  state.transactionId = undefined;
  setStatus('connecting', 'connecting…');
  showWaiting('Connecting…');
  socket = new KioskSocket(profile, {
    open: (u) => {
      judge.newConnection();
      state.transactionId = undefined;
      setStatus('open', `connected (${profile})`);
      note(`Connected to ${redact(u)} as a ${profile} terminal.`);
      showWaiting('Waiting for the first screen (FLOW-1: within 1 s)…');
    },
    text: received,
    binary: (bytes) => note(`Binary frame of ${bytes} bytes: the protocol sends one JSON object per text frame (TRN-2).`),
    closed: (code, reason, clean, opened) => {
      setStatus('closed', 'disconnected');
      if (!opened) {
        note(`The handshake failed (${code}${reason ? ` ${reason}` : ''}). A browser does not see the HTTP status: a 401 (no or unknown token), a refused connection or a TLS problem all look the same here.${state.usedToken ? ' The token went as ?access_token=; a backend that takes it only in an Authorization header cannot be reached from a browser.' : ''}`);
        byId('auth-note').classList.toggle('alert', state.usedToken);
      } else note(`Connection closed: code ${code}${reason ? ` "${reason}"` : ''}${clean ? '' : ' (not clean)'}.`);
      showWaiting('Disconnected');
    },
    retry: (ms) => {
      if (ms === undefined) {
        note(profileNamed(profile).client.noReconnect);
        return;
      }
      setStatus('connecting', `reconnecting in ${Math.round(ms / 1000)} s`);
      note(`Reconnecting in ${ms} ms (${profileNamed(profile).client.reconnectPolicy}).`);
    },
  });
  socket.connect(url);
}

/** The token never goes into the log: a saved session may be shared. */
function redact(url: string): string {
  return url.replace(/access_token=[^&]*/, 'access_token=…');
}

form.connect.addEventListener('click', () => {
  if (socket && byId('status').dataset.connection !== 'closed') {
    socket.disconnect();
    socket = undefined;
  } else connect();
});

// ---- hand-driven edge cases ------------------------------------------------

/** The action the current screen's first button would send (for the edge cases that vary it). */
function currentAction(): { messages: TerminalAction[]; label: string } | undefined {
  const d = (state.data ?? {}) as Record<string, unknown>;
  const id = state.transactionId;
  switch (state.screen) {
    case 'AMOUNT_SELECT': {
      const amount = Array.isArray(d.amounts) ? d.amounts[0] : 20;
      return { messages: dialect.preset(id, amount), label: `preset ${String(amount)}` };
    }
    case 'KEYPAD': {
      const amount = typeof d.minAmount === 'number' ? d.minAmount : 10;
      return { messages: dialect.keypad(id, amount), label: `keypad ${amount}` };
    }
    case 'PAYMENT_METHOD': {
      const method = Array.isArray(d.methods) ? String(d.methods[0]) : 'DEBIT_CARD';
      return { messages: dialect.method(id, method), label: `method ${method}` };
    }
    case 'FAILED':
    case 'LIMIT_ERROR':
      return { messages: dialect.ok(id, state.screen), label: 'OK' };
    default: {
      const last = state.sent[state.sent.length - 1];
      return last ? { messages: last.messages, label: 'the last action' } : undefined;
    }
  }
}

const edges: Record<string, () => void> = {
  stale: () => {
    const earlier = [...state.sent].reverse().find((s) => s.screen !== state.screen);
    if (!earlier) return note('Stale action: nothing was sent on another screen yet; tap through a screen first.');
    send(earlier.messages, `edge: stale action from ${earlier.screen ?? 'no screen'} (expect the current screen or UNEXPECTED_ACTION)`);
  },
  'double-tap': () => {
    const a = currentAction();
    if (!a) return note('Double tap: no action on this screen.');
    send(a.messages, `edge: double tap, ${a.label} twice (the second must not act twice: RES-4, ERR-6)`, 2);
  },
  'wrong-id': () => {
    const a = currentAction();
    if (!a) return note('Wrong transaction id: no action on this screen.');
    // A cycle's first action may carry any new id (TXN-1): there, the wrong id is a finished one (TXN-4).
    const finished = state.screen === 'AMOUNT_SELECT' ? [...state.seenIds].reverse().find((id) => id !== 'initial' && id !== state.transactionId) : undefined;
    if (state.screen === 'AMOUNT_SELECT' && finished === undefined) {
      return note('Wrong transaction id: on AMOUNT_SELECT a new cycle may start with any new id (TXN-1); finish a transaction first, then this button reuses its id (TXN-4).');
    }
    const id = finished ?? `T-wrong-${hex(4)}`;
    const why = finished === undefined ? 'an id the backend never gave' : `${finished}, a finished transaction's id`;
    send(a.messages.map((m) => ({ ...m, transactionId: id })), `edge: ${a.label} with ${why} (expect INVALID_TRANSACTION)`);
  },
  'non-integer': () => {
    const d = (state.data ?? {}) as Record<string, unknown>;
    const id = state.transactionId;
    if (state.screen === 'KEYPAD') {
      const amount = (typeof d.minAmount === 'number' ? d.minAmount : 10) + 0.5;
      send(dialect.keypad(id, amount), `edge: keypad ${amount}, not an integer (expect INVALID_AMOUNT or INVALID_MESSAGE)`);
    } else {
      const first = Array.isArray(d.amounts) && typeof d.amounts[0] === 'number' ? d.amounts[0] : 20;
      send(dialect.preset(id ?? 'initial', first + 0.5), `edge: amount ${first + 0.5}, not an integer (expect INVALID_AMOUNT or INVALID_MESSAGE)`);
    }
  },
  drop: () => {
    if (!socket) return note('Drop and reconnect: not connected.');
    note('Dropping the connection and reconnecting (the backend should resume the transaction: RES-3).');
    socket.dropAndReconnect();
  },
  idle: () => (state.idleSince === undefined ? startIdle() : stopIdle()),
  keepalive: () => {
    if (!socket?.send('{"ping":true}')) return note('Keepalive: not connected.');
    addEntry({ dir: 'out', at: Date.now(), text: '{"ping":true}', label: 'keepalive (the shipped client; never answered with an ERROR: TRN-9)', judgement: judge.outbound('{"ping":true}', profile) });
  },
};

function startIdle(): void {
  state.idleSince = Date.now();
  byId('kiosk').classList.add('idle');
  note('Going idle: no action until you tap again. On KEYPAD, PAYMENT_METHOD, FAILED or LIMIT_ERROR the backend should send ERROR TIMEOUT, then AMOUNT_SELECT (FLOW-15; 60 s by default).');
  const button = document.querySelector<HTMLButtonElement>('[data-edge="idle"]');
  const tick = (): void => {
    if (state.idleSince === undefined || !button) return;
    button.textContent = `Idle ${Math.round((Date.now() - state.idleSince) / 1000)} s (stop)`;
  };
  tick();
  state.idleTimer = window.setInterval(tick, 1000);
}

function stopIdle(): void {
  if (state.idleSince === undefined) return;
  note(`Idle for ${Math.round((Date.now() - state.idleSince) / 1000)} s, ended.`);
  state.idleSince = undefined;
  window.clearInterval(state.idleTimer);
  byId('kiosk').classList.remove('idle');
  const button = document.querySelector<HTMLButtonElement>('[data-edge="idle"]');
  if (button) button.textContent = 'Go idle';
}

for (const button of document.querySelectorAll<HTMLButtonElement>('[data-edge]')) {
  button.addEventListener('click', () => edges[button.dataset.edge ?? '']?.());
}

// The shipped client (5286) sends its keepalive when it comes back from its screensaver.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && profileNamed(profile).client.keepaliveOnResume && socket?.isOpen) edges.keepalive?.();
});

// ---- keeping the session ---------------------------------------------------

form.profile.addEventListener('change', () => {
  byId('validate-terminal-command').textContent = `paysock validate --from terminal --profile ${form.profile.value} <file>`;
});
byId('validate-terminal-command').textContent = `paysock validate --from terminal --profile ${profile} <file>`;

showWaiting(config.backend ? 'Connecting…' : 'Enter a backend URL and connect.');
if (config.backend) connect();
