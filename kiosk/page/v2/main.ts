import { ScriptedTerminal, type TerminalRecord } from '../../../kiosk-v2/card-terminal.js';
import { runtimeClock } from '../../../kiosk-v2/clock.js';
import { VirtualKiosk, type SentFrame } from '../../../kiosk-v2/kiosk.js';
import type { KioskScreen } from '../../../kiosk-v2/screens.js';
import { emptyStorage } from '../../../kiosk-v2/storage.js';
import { webSocketTransport, type WebSocketLike } from '../../../kiosk-v2/websocket-transport.js';
import { byId, h } from '../dom.js';
import { logPanel, stamp } from '../log-panel.js';
import { V2KioskJudge } from './judge.js';
import { relaySocket, type RelayAnswer } from './relay-socket.js';
import { ONCE, printFails, scenarioNames, scenarioPresets, toggleScenario } from './scenarios.js';
import { drawNotRunning, drawV2Screen, type V2Taps } from './screens.js';
import { tapTransport } from './tap-transport.js';
import { armedNow, armNextCard, nextCardChoices, terminalPath } from './terminal-script.js';

/** What `paysock kiosk --profile pinto-android-2` put in the page (a JSON data block: no inline script under the CSP). */
interface V2PageConfig {
  backend: string;
  profile: string;
  /** How long each terminal operation takes, ms. */
  terminalMs?: number;
}

/** How long the device's kiosk mode takes to relaunch the app after RESTART_APP killed it. */
const RELAUNCH_MS = 1_500;

const config = JSON.parse(byId('kiosk-config').textContent ?? '{}') as V2PageConfig;
const judge = new V2KioskJudge();
// The card terminal and the device's storage outlive the app: a restart keeps both (§5i).
const terminal = new ScriptedTerminal(runtimeClock);
terminal.defaultMs = config.terminalMs ?? 1_000;
const storage = emptyStorage();
let kiosk: VirtualKiosk | undefined;
/** What the person's last tap meant, for the frames the kiosk sends in answer to it. */
let intent: string | undefined;
let drawn = '';

const backendInput = byId<HTMLInputElement>('backend');
backendInput.value = config.backend ?? '';

// ---- the log ---------------------------------------------------------------

const log = logPanel({
  backend: () => `kiosk-v2-backend-frames-${stamp()}.jsonl`,
  kiosk: () => `kiosk-v2-kiosk-frames-${stamp()}.jsonl`,
});
const addEntry = log.add;
const note = log.note;

// ---- the kiosk -------------------------------------------------------------

const observer = {
  sent: (frame: SentFrame): void => {
    addEntry({ dir: 'out', at: frame.at, text: frame.text, label: intent ?? (frame.style === 'keepalive' ? 'keepalive' : 'the kiosk by itself'), judgement: judge.outbound(frame.text) });
    scheduleDraw();
  },
  notSent: (text: string): void => {
    note(`Not sent, the link is down: ${summary(text)}. d540407 drops it${/RECOVERY_/.test(text) ? ' and keeps this recovery result to re-send on the next connection (§2.10)' : ' for good (§2.10)'}.`);
  },
  // Drawn at once, not on the next timer: a screen the backend replaces in its next frame (PRINTER_ERROR
  // right before its REVERSAL_REQUEST) would otherwise never reach the page.
  screen: (): void => draw(),
  connection: (state: string): void => {
    const s = byId('status');
    s.dataset.connection = state === 'CONNECTED' ? 'open' : state === 'CONNECTING' ? 'connecting' : 'closed';
    s.textContent = state.toLowerCase();
    scheduleDraw();
  },
  log: (line: string): void => note(`kiosk: ${line}`),
  killed: (): void => {
    note('The app process died (RESTART_APP or a restart): no close frame, every timer stopped.');
    scheduleDraw();
  },
};

// ---- backend test control ---------------------------------------------------

const scenarioInput = byId<HTMLInputElement>('test-scenario');
/** What the backend answered to the connection being opened through the relay; undefined for a direct one. */
let relayAnswer: RelayAnswer | undefined;

/** A direct WebSocket, or one through `paysock kiosk`'s relay when the person asked for a test scenario. */
function openSocket(url: string): WebSocketLike {
  const scenario = scenarioInput.value.trim();
  if (scenario === '') return new WebSocket(url) as unknown as WebSocketLike;
  return relaySocket(`ws://${location.host}/relay`, url, scenario, (answer) => (relayAnswer = answer));
}

/** The answer of the connection just opened: judged by it, shown, and a once-only name dropped. */
function scenarioApplied(): void {
  const answer = relayAnswer;
  relayAnswer = undefined;
  const status = byId('test-scenario-status');
  if (!answer) {
    status.textContent = '';
    delete status.dataset.accepted;
    return;
  }
  status.dataset.accepted = String(answer.accepted !== null);
  status.textContent = answer.accepted !== null ? `Accepted: ${answer.accepted}` : `Not accepted: ${answer.scenario}`;
  if (answer.accepted === null) {
    note(`X-Test-Scenario: ${answer.scenario} sent; the backend did not echo X-Test-Scenario-Accepted, so it plays nothing of it (TC-2) and the judge expects nothing of it.`);
    return;
  }
  note(`X-Test-Scenario: ${answer.scenario}; the backend answered X-Test-Scenario-Accepted: ${answer.accepted}.`);
  if (printFails(answer.accepted)) {
    judge.printFailureArranged();
    note('On this connection every ticket fails to print: after PRINT_TICKET the backend must ask for the sale\'s reversal and send no COLLECT_TICKET or THANK_YOU (V2-M-14).');
  }
  const once = scenarioNames(scenarioInput.value).filter((n) => ONCE.has(n) && scenarioNames(answer.accepted ?? '').includes(n));
  for (const name of once) scenarioInput.value = toggleScenario(scenarioInput.value, name);
  if (once.length > 0) note(`${once.join(', ')}: sent on this connection only (the relaunched app would be restarted again, for ever); removed from X-Test-Scenario.`);
}

for (const { name, label } of scenarioPresets) {
  const b = h('button', { type: 'button', 'data-scenario': name, title: name }, label);
  byId('scenario-presets').append(b);
  b.addEventListener('click', () => {
    scenarioInput.value = toggleScenario(scenarioInput.value, name);
    drawScenarioButtons();
    note(`X-Test-Scenario: ${scenarioInput.value || '(none)'} from the app's next connection.`);
  });
}
scenarioInput.addEventListener('input', () => drawScenarioButtons());

function drawScenarioButtons(): void {
  const names = scenarioNames(scenarioInput.value);
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-scenario]')) b.setAttribute('aria-pressed', String(names.includes(b.dataset.scenario ?? '')));
}

const transport = tapTransport(webSocketTransport(openSocket), {
  frame: (text) => addEntry({ dir: 'in', at: Date.now(), text, judgement: judge.inbound(text) }),
  opened: () => {
    judge.newConnection();
    note('Connected. The backend sends a screen on every connection without being asked (V2-TRN-9).');
    scenarioApplied();
    drawScenarioButtons();
  },
  ended: (how) => {
    judge.newConnection();
    note(how);
  },
});

function launch(): void {
  const url = backendInput.value.trim();
  if (!/^ws:\/\/[^/?#]+\/?$/.test(url)) note(`${url || '(empty)'}: d540407 builds only ws://host:port, no path, no query, no wss:// (V2-TRN-1); trying anyway.`);
  kiosk?.kill();
  judge.reset();
  kiosk = new VirtualKiosk({ url, clock: runtimeClock, transport, storage, terminal, observer });
  note(`App started against ${url}: the d540407 virtual kiosk (kiosk-v2/), its card terminal scripted below.`);
  kiosk.start();
  scheduleDraw();
}

/** RESTART_APP, or the person's restart: the kiosk mode relaunches the app with the same storage and terminal (§5k). */
function relaunch(reason: string): void {
  if (!kiosk) return launch();
  note(`Relaunching the app (${reason}): same storage, same terminal; the in-memory last sale is gone.`);
  judge.newConnection();
  kiosk = kiosk.relaunch();
  scheduleDraw();
}

/** Runs a customer tap on the kiosk; a tap the kiosk refuses (the screen changed meanwhile) is noted, not thrown. */
function tap(label: string, act: (k: VirtualKiosk) => void): void {
  if (!kiosk?.isAlive) return note(`${label}: the app is not running.`);
  intent = label;
  try {
    act(kiosk);
  } catch (error) {
    note(`${label}: ${(error as Error).message}`);
  } finally {
    intent = undefined;
  }
  scheduleDraw();
}

const taps: V2Taps = {
  amount: (a) => tap(`tap ${a}`, (k) => {
    k.tapAmount(a);
    // YASPA off: K1 starts the card payment by itself (§5b step 5).
    if (storage.deviceConfig?.yaspaEnabled === false) judge.localPaymentStarted();
  }),
  other: () => tap('tap Other', (k) => k.tapOther()),
  keypadConfirm: (a) => tap(`keypad ${a}`, (k) => {
    k.enterKeypadAmount(a);
    if (storage.deviceConfig?.yaspaEnabled === false) judge.localPaymentStarted();
  }),
  keypadCancel: () => tap('keypad cancel', (k) => k.cancelKeypad()),
  method: (m) => tap(`tap ${m}`, (k) => {
    k.tapPaymentMethod(m);
    if (m === 'DEBIT_CARD' || m === 'PAY_BY_BANK') judge.localPaymentStarted();
  }),
  cancel: () => tap('tap Cancel', (k) => k.tapCancel()),
  receipt: (yes) => tap(`receipt ${yes ? 'YES' : 'NO'}`, (k) => k.answerReceipt(yes)),
  screensaver: () => tap('tap the screensaver', (k) => k.tapScreensaver()),
};

// ---- drawing ---------------------------------------------------------------

let drawPending = false;
let relaunchTimer: number | undefined;

/** Redraws once after the current event: the kiosk changes several things per event (screen, screensaver, terminal). */
function scheduleDraw(): void {
  if (drawPending) return;
  drawPending = true;
  window.setTimeout(() => {
    drawPending = false;
    draw();
  }, 0);
}

function draw(): void {
  const screen: KioskScreen | undefined = kiosk?.screen;
  const alive = kiosk?.isAlive ?? false;
  const signature = JSON.stringify([screen, kiosk?.screensaverVisible, alive, kiosk === undefined]);
  if (signature !== drawn) {
    drawn = signature;
    const target = byId('kiosk');
    if (!kiosk) target.replaceChildren(h('section', { class: 'screen', 'data-screen': 'NOT_STARTED' }, h('p', { class: 'muted' }, 'Enter the backend URL and start the app.')));
    else if (!alive) {
      target.replaceChildren(drawNotRunning());
      window.clearTimeout(relaunchTimer);
      relaunchTimer = window.setTimeout(() => {
        if (kiosk && !kiosk.isAlive) relaunch('the device\'s kiosk mode, after the process died');
      }, RELAUNCH_MS);
    } else target.replaceChildren(drawV2Screen(kiosk.screen, kiosk.screensaverVisible, taps));
  }
  drawTerminal();
}

function drawTerminal(): void {
  const provider = storage.deviceConfig?.paymentProvider;
  const path = terminalPath(provider);
  const armed = armedNow(terminal, provider);
  byId('terminal-path').textContent = `${path === 'nnsmart' ? 'NNSmart (sale first)' : path === 'integra' ? 'Integra (card check first)' : 'mock (inside the app: not scriptable)'}${provider === undefined ? ', no configuration yet (d540407 defaults to nnsmart)' : ` (paymentProvider "${provider}")`}`;
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-terminal-card]')) {
    const on = b.dataset.terminalCard === armed;
    b.classList.toggle('armed', on);
    b.setAttribute('aria-pressed', String(on));
    const choice = nextCardChoices.find((c) => c.choice === b.dataset.terminalCard);
    if (choice) b.title = path === 'nnsmart' ? choice.nnsmart : choice.integra;
  }
  byId('terminal-armed').textContent = `Next card: ${nextCardChoices.find((c) => c.choice === armed)?.label ?? armed}`;
  const list = byId('terminal-records');
  if (list.childElementCount !== terminal.records.length) list.replaceChildren(...terminal.records.map(drawRecord));
}

function drawRecord(r: TerminalRecord): HTMLElement {
  return h('li', { class: `record charged-${r.charged ?? 'none'}`, 'data-operation': r.operation, 'data-outcome': r.outcome, ...(r.charged ? { 'data-charged': r.charged } : {}) },
    `${r.operation} ${r.amount ?? ''} ${r.outcome}${r.charged ? ` · money ${r.charged}` : ''} · ${r.requesterRef}`);
}

function summary(text: string): string {
  try {
    const m = JSON.parse(text) as Record<string, unknown>;
    return [m.messageType, m.screen, m.transactionId].filter((p) => p !== undefined).map(String).join(' ');
  } catch {
    return text.slice(0, 60);
  }
}

// ---- the card terminal and the device ---------------------------------------

for (const { choice, label } of nextCardChoices) {
  const b = h('button', { type: 'button', 'data-terminal-card': choice, 'data-action': `terminal-${choice}`, 'aria-pressed': 'false' }, label);
  byId('terminal-cards').append(b);
  b.addEventListener('click', () => {
    const provider = storage.deviceConfig?.paymentProvider;
    if (!armNextCard(terminal, provider, choice)) note('The mock provider is code inside the app (MockPaymentManager.kt): it approves every card except a sale of 101.');
    else note(`Card terminal: next card "${choice}" on the ${terminalPath(provider)} path.`);
    drawTerminal();
  });
}
byId('terminal-restart').addEventListener('click', () => relaunch('the person restarted it'));
byId('terminal-cut').addEventListener('click', () => {
  if (!kiosk?.isAlive) return note('Lose the connection: the app is not running.');
  note('Cutting the link now, without a close frame.');
  kiosk.loseConnection();
});
byId('start').addEventListener('click', launch);

draw();
if (config.backend) launch();
