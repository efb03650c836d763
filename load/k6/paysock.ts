/**
 * paysock k6 load script: each VU is one payment terminal with its own id,
 * driven by the same virtual terminal as `paysock load` (load/terminal/).
 *
 *   WORKLOAD=smoke|load|soak|spike|reconnect-storm  URL=ws://host:port/  k6 run load/k6/paysock.ts
 *
 * Env: URL (required), WORKLOAD (smoke), TERMINALS, RAMP_UP, RAMP_DOWN, BASELINE (spike), DURATION,
 * P99_MS, MAX_FAILURE_RATE, JOURNEY (preset|keypad|decline|cancel|limit|idle|mixed|weights),
 * THINK_TIME (1s-3s), TRANSACTION_IDS (initial|client), DROP_RATE,
 * STORM_EVERY (reconnect-storm: seconds between synchronized reconnects),
 * SESSION (seconds one connection lives before the VU reconnects), TERMINAL_ID_PREFIX,
 * TEST_SCENARIO, SUMMARY_DIR (where handleSummary writes).
 *
 * pinto-android-2 (WORKLOAD=v2-smoke|v2-load, or PROFILE=pinto-android-2 with smoke/load): each VU is
 * KIOSKS_PER_VU v2 kiosks (default 4, the v2 virtual kiosk) sharing CARDS_PER_VU card tokens (default 2);
 * PROVIDERS (integra=2,nnsmart=1,mock=1), KIOSK_JOURNEYS (sale only; e.g. sale=16,printer-fault=1,restart=1:
 * load/v2/kiosk-journeys.ts), DAILY_LIMIT (300), TERMINAL_TIME (1s). The server needs test
 * control (the provider and most journeys travel in X-Test-Scenario). Money violations fail the run (money_violations count==0).
 */
import exec from 'k6/execution';
import { setTimeout, clearTimeout } from 'k6/timers';
import { WebSocket } from 'k6/websockets';
import { renderLoadReport } from '../report/html.js';
import { renderLoadJUnit } from '../report/junit.js';
import { summaryFromK6, type K6SummaryData } from '../k6-summary.js';
import { assignJourneys, parseJourneySpec, parseThinkTime, scenarioForJourney } from '../terminal/journey.js';
import { checkServerFrameStructure } from '../terminal/structural-check.js';
import type { FrameCheck, ReconnectReason, TerminalHost, TimerHandle } from '../terminal/types.js';
import { VirtualTerminal, terminalDefaults, type TransactionIdMode } from '../terminal/virtual-terminal.js';
import { k6Observer, summaryMetricNames } from './metrics.js';
import { defaultSizing, isV2Workload, workloadNames, workloadScenario, workloadThresholds, type WorkloadName } from './workloads.js';
import { assignProviders, cardsOfShare, defaultProviderSpec, parseProviderSpec, type KioskProvider } from '../v2/providers.js';
import { assignKioskJourneys, parseKioskJourneySpec, type KioskJourney } from '../v2/kiosk-journeys.js';
import { parseDuration } from '../duration.js';
import { moneyMetricNames } from './metrics.js';
import { V2Fleet } from './v2-fleet.js';
import type { WebSocketLike } from '../../kiosk-v2/index.js';

const env = __ENV;
const requested = (env.WORKLOAD ?? 'smoke') as WorkloadName;
if (!workloadNames.includes(requested)) throw new Error(`WORKLOAD must be one of ${workloadNames.join(', ')}`);
if (env.PROFILE !== undefined && env.PROFILE !== 'pinto-android-2' && env.PROFILE !== 'pinto-android-1' && env.PROFILE !== 'strict') throw new Error('PROFILE must be strict, pinto-android-1 or pinto-android-2');
// PROFILE=pinto-android-2 turns smoke and load into their v2 workloads.
const workload: WorkloadName = env.PROFILE === 'pinto-android-2' && (requested === 'smoke' || requested === 'load') ? `v2-${requested}` : requested;
const v2 = isV2Workload(workload);
const defaults = defaultSizing(workload);
const sizing = {
  terminals: Math.min(Number(env.TERMINALS ?? defaults.terminals), 50_000),
  rampUp: env.RAMP_UP ?? defaults.rampUp,
  rampDown: env.RAMP_DOWN ?? defaults.rampDown,
  baseline: env.BASELINE ?? defaults.baseline,
  duration: env.DURATION ?? defaults.duration,
  p99Ms: Number(env.P99_MS ?? defaults.p99Ms),
  maxFailureRate: Number(env.MAX_FAILURE_RATE ?? defaults.maxFailureRate),
};
const url = env.URL ?? '';
const journeySpec = env.JOURNEY ?? 'preset';
const journeys = assignJourneys(parseJourneySpec(journeySpec), sizing.terminals);
const thinkTime = parseThinkTime(env.THINK_TIME ?? '500ms-2s');
const dropRate = Number(env.DROP_RATE ?? (workload === 'reconnect-storm' ? 0.2 : 0));
const stormEverySeconds = Number(env.STORM_EVERY ?? 30);
const sessionSeconds = Number(env.SESSION ?? 600);

const kioskSpec = {
  perVu: Math.max(1, Math.min(Number(env.KIOSKS_PER_VU ?? 4), 100)),
  cardsPerVu: Math.max(1, Math.min(Number(env.CARDS_PER_VU ?? 2), 100)),
  dailyLimit: Number(env.DAILY_LIMIT ?? 300),
  terminalMs: parseDuration(env.TERMINAL_TIME ?? '1s'),
  providers: assignProviders(parseProviderSpec(env.PROVIDERS ?? defaultProviderSpec), sizing.terminals * Math.max(1, Math.min(Number(env.KIOSKS_PER_VU ?? 4), 100))),
};
// Plain sales unless asked: a k6 run's workload stays what its name says (the Node CLI defaults to a mix).
const kioskJourneyList = assignKioskJourneys(parseKioskJourneySpec(env.KIOSK_JOURNEYS ?? 'sale'), kioskSpec.providers);

export const options = {
  scenarios: { [workload]: workloadScenario(workload, sizing) },
  thresholds: workloadThresholds(workload, sizing),
  summaryTrendStats: ['med', 'p(90)', 'p(95)', 'p(99)', 'max', 'count'],
};

/** Runs once: the run's identity (terminal ids must not collide with an earlier run's stored state). */
export function setup(): { startedAt: string; target: string; prefix: string } {
  if (!/^wss?:\/\//.test(url)) throw new Error('set URL=ws://host:port/ (the backend under load)');
  return { startedAt: new Date().toISOString(), target: url, prefix: env.TERMINAL_ID_PREFIX ?? `k6-${Math.floor(Math.random() * 36 ** 5).toString(36)}-` };
}

/** One VU = one terminal: the connection and state machine outlive iterations (reconnects resume). */
class K6Terminal implements TerminalHost {
  terminal: VirtualTerminal | undefined;
  private ws: WebSocket | undefined;
  private generation = 0;
  private sessionEnd: TimerHandle | undefined;
  private done: (() => void) | undefined;
  private reconnecting = false;

  constructor(private readonly index: number, private readonly prefix: string) {}

  /** One iteration: open, run until the session (or storm) ends, close. */
  runSession(): void {
    const journey = journeys[this.index % journeys.length] ?? 'preset';
    this.terminal ??= new VirtualTerminal(
      { ...terminalDefaults, terminalId: this.terminalId(), journey, transactionIds: (env.TRANSACTION_IDS ?? 'initial') as TransactionIdMode, thinkTime, dropRate },
      this,
      k6Observer,
    );
    const scenario = scenarioForJourney(journey) ?? env.TEST_SCENARIO;
    const sessionMs = workload === 'reconnect-storm'
      ? stormEverySeconds * 1000 - (Date.now() % (stormEverySeconds * 1000)) // everyone reconnects on the same wall-clock tick
      : sessionSeconds * 1000;
    this.open(scenario);
    this.sessionEnd = setTimeout(() => this.endSession(), sessionMs);
  }

  private open(scenario: string | undefined): void {
    const headers: Record<string, string> = scenario ? { 'X-Test-Scenario': scenario } : {};
    const target = `${url}${url.includes('?') ? '&' : '?'}terminalId=${encodeURIComponent(this.terminalId())}`;
    const ws = new WebSocket(target, null, { headers });
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.terminal!.opened();
    };
    ws.onmessage = (event) => {
      if (!event || typeof event.data !== 'string') {
        k6Observer.violation('binary-frame', 'the server sent a binary frame (TRN-2)');
        return;
      }
      k6Observer.frame();
      this.terminal!.receive(event.data);
    };
    // k6 also fires `error` before `close` when an open connection ends with a code other than 1000/1001 or breaks:
    // only a connection that never opened failed to connect; the close handler counts a lost one.
    ws.onerror = (event) => {
      if (!opened) k6Observer.error('connect-failed', String(event?.error ?? 'websocket error'));
    };
    ws.onclose = () => {
      this.terminal!.closed();
      if (this.ws !== ws) return;
      this.ws = undefined;
      if (this.reconnecting) {
        this.reconnecting = false;
        // A reconnect asked for just before the session ended must not outlive it: the iteration would never end.
        if (this.sessionEnd !== undefined) this.open(scenario);
      } else if (this.sessionEnd !== undefined) {
        // Unplanned close mid-session: come back after a pause, like the shipped client (DIA-7).
        k6Observer.error('connection-lost', 'the server closed the connection');
        setTimeout(() => {
          if (this.sessionEnd !== undefined) this.open(scenario);
        }, 1000);
      }
    };
  }

  private endSession(since = Date.now()): void {
    // Bounded: a terminal held on DEVICE_ERROR never gets a quiet moment.
    if (this.terminal && !this.terminal.safeToClose && this.ws?.readyState === WebSocket.OPEN && Date.now() - since < 10_000) {
      // A planned end waits for a quiet moment: cutting an action off from its answer, or a payment from its
      // result (k6 drops frames that arrive after close()), would count a failure the backend never caused.
      this.sessionEnd = setTimeout(() => this.endSession(since), 20);
      return;
    }
    this.sessionEnd = undefined;
    this.reconnecting = false;
    this.terminal?.closing();
    this.ws?.close();
  }

  private terminalId(): string {
    return `${this.prefix}${this.index}${this.generation > 0 ? `.g${this.generation}` : ''}`;
  }

  now(): number { return Date.now(); }
  epochMs(): number { return Date.now(); }
  random(): number { return Math.random(); }
  setTimer(ms: number, callback: () => void): TimerHandle { return setTimeout(callback, ms); }
  clearTimer(handle: TimerHandle): void { clearTimeout(handle as number); }
  send(text: string): void {
    // k6's send() throws InvalidStateError unless the socket is OPEN; a think-time timer can fire after close() was called.
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(text);
  }
  reconnect(_reason: ReconnectReason, newIdentity: boolean): void {
    if (newIdentity) this.generation++;
    this.reconnecting = true;
    this.terminal?.closing();
    this.ws?.close();
  }
  validate(text: string): FrameCheck { return checkServerFrameStructure(text); }
}

let vuTerminal: K6Terminal | undefined;
let vuFleet: V2Fleet | undefined;

export default function (data: { prefix: string }): void {
  if (v2) return runV2Fleet(data.prefix);
  vuTerminal ??= new K6Terminal(exec.vu.idInTest - 1, data.prefix);
  vuTerminal.runSession();
}

/** A v2 VU: its kiosks (ids prefix + n) and its own cards, for one session. */
function runV2Fleet(prefix: string): void {
  const vu = exec.vu.idInTest - 1;
  if (!vuFleet) {
    const kiosks: Array<{ id: string; provider: KioskProvider; journey: KioskJourney }> = [];
    for (let i = 0; i < kioskSpec.perVu; i++) {
      const n = vu * kioskSpec.perVu + i;
      const slot = n % kioskSpec.providers.length;
      kiosks.push({ id: `${prefix}${n}`, provider: kioskSpec.providers[slot] ?? 'integra', journey: kioskJourneyList[slot] ?? 'sale' });
    }
    vuFleet = new V2Fleet({
      url, kiosks, cards: cardsOfShare({ cards: kioskSpec.cardsPerVu, cardPrefix: `${prefix}card-${vu}-` }, 0, 1), dailyLimit: kioskSpec.dailyLimit, thinkTime,
      terminalMs: kioskSpec.terminalMs, answerTimeoutMs: 10_000, stallTimeoutMs: 150_000, testScenario: env.TEST_SCENARIO,
      clock: { now: () => Date.now(), setTimeout: (callback, ms) => setTimeout(callback, ms), clearTimeout: (handle) => clearTimeout(handle as number) },
      openWebSocket: (target, headers) => new WebSocket(target, null, { headers }) as unknown as WebSocketLike,
    });
  }
  vuFleet.runSession(sessionSeconds * 1000);
}

/** Writes the shared summary JSON, JUnit and the HTML report (and a short stdout summary). */
export function handleSummary(data: K6SummaryData): Record<string, string> {
  const money = v2
    ? { money: { ...moneyMetricNames, distinctCards: sizing.terminals * kioskSpec.cardsPerVu, dailyLimit: kioskSpec.dailyLimit, kiosksByProvider: countProviders(kioskSpec.providers), kiosksByJourney: countProviders(kioskJourneyList) } }
    : {};
  const summary = summaryFromK6(data, { workload, terminals: v2 ? sizing.terminals * kioskSpec.perVu : sizing.terminals, toolVersion: 'k6', ...summaryMetricNames, ...money });
  const dir = env.SUMMARY_DIR ?? '.';
  const l = summary.latency.overall;
  const stdout = `paysock k6 ${workload}: ${summary.transactions.completed} completed, ${summary.transactions.failed} failed, ${summary.transactions.perSecond} tx/s, p99 ${l.p99} ms, violations ${summary.protocolViolations.total}${summary.moneyViolations ? `, money violations ${summary.moneyViolations.total}` : ''}\n`
    + summary.thresholds.map((t) => `  ${t.pass ? 'pass' : 'FAIL'} ${t.expression} (actual ${t.actual ?? 'no data'})`).join('\n') + '\n';
  return {
    stdout,
    [`${dir}/load-summary.json`]: JSON.stringify(summary, null, 2),
    [`${dir}/load-junit.xml`]: renderLoadJUnit(summary),
    [`${dir}/load-report.html`]: renderLoadReport(summary),
  };
}

function countProviders(providers: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of providers) out[p] = (out[p] ?? 0) + 1;
  return out;
}
