import type { ConformanceCase } from './case.js';
import { CaseContext } from './context.js';
import type { Screen } from '../protocol/screen-graph.js';
import type { ResolvedTarget, Waits } from './target.js';
import type { CertifierTerminal } from './certifier-terminal.js';
import type { TerminalPool } from './terminal-pool.js';
import type { IsolationBreach } from './transaction-registry.js';
import { WireLog } from './wire-log.js';

/** How a settle step ended. */
export interface SettleOutcome {
  /** The terminal shows AMOUNT_SELECT "initial" at the end. */
  settled: boolean;
  /** What it showed first (what the backend resumed) and last, e.g. `PROCESSING "T-..."`. */
  found: string;
  shows: string;
  /** The smallest amount its AMOUNT_SELECT offered, when seen. */
  smallestAmount?: number;
  /** The scenario the settle connection carried was acknowledged (TC-2). */
  scenarioAccepted: boolean;
  /** Frames carrying another terminal's transaction (AUTH-5). */
  breaches: IsolationBreach[];
  /**
   * What was wrong with the first screen of the first settle connection, with
   * the requirement it breaks and the frame: none within the FLOW-1 window, a
   * frame the schemas reject, AMOUNT_SELECT under another id than "initial",
   * or a screen after the 1 s of FLOW-1. The backend's fault, not the
   * terminal's state: settling stops there (the cases judge it), and the
   * frame is kept for the report.
   */
  firstScreen?: string;
  /** The upgrade was refused with this HTTP status (401/403: the backend does not take this token). */
  refusedWith?: number;
  /** Its own wire log: settling traffic is never judged as part of a case. */
  log: WireLog;
  durationMs: number;
}

/** What a settle step needs. */
export interface SettleOptions {
  target: ResolvedTarget;
  waits: Waits;
  runId: string;
  pool: TerminalPool;
  token: string;
  /** Why it settles, for the pseudo-case id: `before`, `after <case>`. */
  why: string;
  /** X-Test-Scenario of the first settle connection (limit-remaining:<n> to reset the daily limit). */
  scenario?: string;
  /** Before any case of the run: what it finds is from before the run. */
  preRun?: boolean;
}

/** The screens the server leaves on its own, with how long each may take. */
const SERVER_DRIVEN: ReadonlySet<string> = new Set(['PROCESSING', 'SUCCESS', 'PRINT_TICKET', 'COLLECT_TICKET', 'THANK_YOU']);

/**
 * The longest a settle step may take: every wait the terminal may meet in a
 * row (a processor timeout, a receipt's server-driven steps, a device
 * error, the idle timeout as the last resort) plus slack for reconnects.
 */
export function settleDeadlineMs(waits: Waits): number {
  return waits.processorTimeoutMs + waits.resultMs + 4 * waits.stepMs + waits.deviceErrorMs + waits.idleMs + 6 * waits.answerMs;
}

/**
 * Brings a pool terminal back to AMOUNT_SELECT "initial" using only what the
 * protocol gives a terminal: connect and read what the backend resumes
 * (RES-3); CANCEL on KEYPAD, and on PAYMENT_METHOD when allowCancel is true
 * (ACT-4); OK on FAILED and LIMIT_ERROR (ACT-6, in the dialect RESET leaves
 * LIMIT_ERROR, DIA-5, and FAILED has no OK: the strict OK is tried, then the
 * idle timeout); waiting out PROCESSING and the server-driven steps
 * (FLOW-8..11) and DEVICE_ERROR (an out-of-service scenario applies to its
 * own connection only: reconnect without it); the idle timeout (FLOW-15) as
 * the last resort. Never throws.
 */
export async function settleTerminal(options: SettleOptions): Promise<SettleOutcome> {
  const started = Date.now();
  const deadline = started + settleDeadlineMs(options.waits);
  const log = new WireLog();
  const n = options.pool.numberOf(options.token);
  const holder = `settle ${n} ${options.why}`;
  const pseudo: ConformanceCase = { id: holder, title: 'settle a test terminal', requirements: [], level: 'SHOULD', run: async () => undefined };
  options.pool.lend(holder, options.token);
  const ctx = new CaseContext(pseudo, options.target, options.waits, options.runId, log, options.pool);
  ctx.isolation.preRun = options.preRun ?? false;
  const outcome: SettleOutcome = { settled: false, found: 'nothing', shows: 'nothing', scenarioAccepted: false, breaches: ctx.breaches, log, durationMs: 0 };
  try {
    await drive(ctx, options, deadline, outcome);
  } catch (error) {
    outcome.shows = `${outcome.shows} (${(error as Error).message})`;
  } finally {
    ctx.closeAll();
    options.pool.unlend(holder);
    outcome.durationMs = Date.now() - started;
  }
  return outcome;
}

/** A screen as a report names it: `PROCESSING "T-1"`. */
function shown(t: CertifierTerminal): string {
  const s = t.lastScreen;
  return s ? `${s.screen} "${s.transactionId}"` : 'no screen';
}

async function drive(ctx: CaseContext, options: SettleOptions, deadline: number, outcome: SettleOutcome): Promise<void> {
  const waits = options.waits;
  const left = (): number => Math.max(0, deadline - Date.now());
  let scenario = options.scenario;
  let reconnects = 0;
  const refusal: { status?: number; reason?: string } = {};
  let t = await connect(ctx, scenario, left, refusal);
  if (!t) {
    if (refusal.status !== undefined) outcome.refusedWith = refusal.status;
    const token = refusal.status === 401 || refusal.status === 403 ? ': the backend does not accept this token of auth.pool' : '';
    outcome.shows = `no connection (${refusal.reason ?? 'the handshake failed'}${token})`;
    return;
  }
  if (scenario !== undefined) outcome.scenarioAccepted = t.acceptedScenario === scenario;
  // A bare reconnect after a scenario: a DEVICE_ERROR it caused belongs to that connection only.
  const reconnect = async (why: string): Promise<boolean> => {
    if (reconnects >= 4 || left() === 0) return false;
    reconnects++;
    t?.close();
    scenario = undefined;
    t = await connect(ctx, undefined, left);
    if (!t) outcome.shows = `no connection after ${why}`;
    return t !== undefined;
  };
  // The first frame, whatever it is (a frame the schemas reject shows no screen: no point waiting for one).
  const opened = t;
  const frames = (): boolean => opened.closed !== undefined || ctx.log.events.some((e) => e.connection === opened.label && e.direction === 'received' && (e.kind === 'text' || e.kind === 'binary'));
  await t.until(frames, Math.min(left(), ctx.allow(t, waits.answerMs * 3)));
  if (t.lastScreen !== undefined) await changed(t, undefined, 0);
  outcome.found = shown(t);
  const broken = firstScreenProblem(ctx, t, waits.answerMs * 3);
  if (broken !== undefined) {
    outcome.firstScreen = broken;
    outcome.shows = shown(t);
    outcome.settled = t.lastScreen?.screen === 'AMOUNT_SELECT' && t.lastScreen.transactionId === 'initial';
    return;
  }
  const tried = new Set<string>();
  for (;;) {
    const now = t.lastScreen;
    outcome.shows = shown(t);
    if (now?.screen === 'AMOUNT_SELECT') noteAmounts(now.data, outcome);
    if (now?.screen === 'AMOUNT_SELECT' && now.transactionId === 'initial') {
      outcome.settled = true;
      return;
    }
    if (left() === 0) return;
    if (t.closed) {
      if (!(await reconnect(`close ${t.closed.code}`))) return;
      await changed(t, undefined, Math.min(left(), ctx.allow(t, waits.answerMs * 3)));
      continue;
    }
    if (!now) {
      // Nothing shown yet: a slow first screen, or none at all.
      if (!(await changed(t, undefined, Math.min(left(), ctx.allow(t, waits.answerMs * 3)))) && !(await reconnect('no screen'))) return;
      continue;
    }
    const key = `${now.screen} ${now.transactionId}`;
    const screen = now.screen as Screen;
    let wait: number;
    if (SERVER_DRIVEN.has(screen)) {
      wait = Math.max(waits.processorTimeoutMs, waits.resultMs, waits.stepMs);
    } else if (screen === 'DEVICE_ERROR') {
      wait = waits.deviceErrorMs;
      if (tried.has(key) || scenario !== undefined) {
        // Out of service on this connection (a scenario's) or for longer than declared: a bare connection again.
        if (!(await reconnect('DEVICE_ERROR'))) return;
        tried.delete(key);
        await changed(t, undefined, Math.min(left(), ctx.allow(t, waits.answerMs * 3)));
        continue;
      }
      tried.add(key);
    } else if (!tried.has(key) && act(ctx, t, screen, now.data)) {
      tried.add(key);
      wait = waits.answerMs * 2;
    } else {
      // No action the terminal may take here (or it was not answered): the idle timeout ends it (FLOW-15).
      wait = waits.idleMs;
    }
    if (!(await changed(t, now, Math.min(left(), ctx.allow(t, wait))))) {
      if (wait === waits.idleMs || SERVER_DRIVEN.has(screen)) {
        // Stuck where the backend should have moved: a fresh connection once may show it moved (paused while away).
        if (tried.has(`${key} reconnected`) || !(await reconnect(`${key} did not move`))) return;
        tried.add(`${key} reconnected`);
        await changed(t, undefined, Math.min(left(), ctx.allow(t, waits.answerMs * 3)));
      }
    }
  }
}

/** The terminal's action that leaves `screen` (none on the screens the server leaves itself); true when one was sent. */
function act(ctx: CaseContext, t: CertifierTerminal, screen: Screen, data: unknown): boolean {
  if (screen === 'KEYPAD') ctx.say.cancel(t, 'KEYPAD');
  else if (screen === 'PAYMENT_METHOD' && (data as { allowCancel?: unknown } | undefined)?.allowCancel === true) ctx.say.cancel(t, 'PAYMENT_METHOD');
  else if (screen === 'FAILED' || screen === 'LIMIT_ERROR') ctx.say.ok(t, screen);
  else return false;
  return true;
}

/**
 * What breaks the first screen of a settle connection (FLOW-1 and the frame
 * rules), with the frame; undefined when it is a well-formed screen a
 * terminal may be shown first (AMOUNT_SELECT "initial", a resumed
 * transaction's screen, DEVICE_ERROR) and came within FLOW-1's 1 s.
 */
export function firstScreenProblem(ctx: CaseContext, t: CertifierTerminal, waitedMs: number): string | undefined {
  const events = ctx.log.events;
  const index = events.findIndex((e) => e.connection === t.label && e.direction === 'received' && (e.kind === 'text' || e.kind === 'binary'));
  const first = events[index];
  if (first === undefined) {
    if (t.closed) return `FLOW-1: the connection was closed (${t.closed.code}) before any screen`;
    return `FLOW-1: no first screen within ${ctx.allow(t, waitedMs)} ms of the connection opening`;
  }
  const frame = `frame: ${first.data.length > 200 ? `${first.data.slice(0, 200)}…` : first.data}`;
  const error = ctx.log.schemaErrors.find((e) => e.event === index);
  if (error) return `${error.requirement}: the first frame ${error.path || '(message)'} ${error.message}; ${frame}`;
  const m = t.lastScreen;
  if (m === undefined) return `FLOW-1: the first frame is not a SCREEN_CHANGE; ${frame}`;
  if (m.screen === 'AMOUNT_SELECT' && m.transactionId !== 'initial') return `FLOW-1: the first screen is AMOUNT_SELECT with transactionId ${JSON.stringify(m.transactionId)}, not "initial" (ENV-7); ${frame}`;
  const late = first.at - t.openedAt;
  const window = ctx.allow(t, 1000);
  if (late > window) return `FLOW-1: the first screen came ${late} ms after the connection opened (1000 ms allowed, ${window} ms with the round trip); ${frame}`;
  return undefined;
}

/** Opens a settle connection (at most three tries); undefined when none succeeds (a refusal's status and reason in `refusal`). */
async function connect(ctx: CaseContext, scenario: string | undefined, left: () => number, refusal: { status?: number; reason?: string } = {}): Promise<CertifierTerminal | undefined> {
  for (let attempt = 0; attempt < 3 && left() > 0; attempt++) {
    const { connection, outcome } = await ctx.tryOpen({ label: 'settle', ...(scenario !== undefined ? { scenarioUnchecked: scenario } : {}) });
    if (outcome.ok) return connection;
    refusal.reason = outcome.reason;
    if (outcome.status !== undefined) refusal.status = outcome.status;
    connection.close();
    // A token refused with 401/403 stays refused: no point trying it again.
    if (outcome.status === 401 || outcome.status === 403) return undefined;
    await new Promise((r) => setTimeout(r, Math.min(left(), ctx.waits.answerMs)));
  }
  return undefined;
}

/**
 * Waits until the terminal shows something other than `from` (another
 * screen or transaction) or the connection closes, taking every arrival;
 * true when it changed.
 */
async function changed(t: CertifierTerminal, from: { screen: string; transactionId: string } | undefined, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  const moved = (): boolean => {
    const s = t.lastScreen;
    if (t.closed) return true;
    if (!s) return false;
    return from === undefined || s.screen !== from.screen || s.transactionId !== from.transactionId;
  };
  while (!moved()) {
    const arrival = await t.next(Math.max(0, deadline - Date.now()));
    if (!arrival && Date.now() >= deadline) return false;
  }
  t.drain();
  return true;
}

function noteAmounts(data: unknown, outcome: SettleOutcome): void {
  const amounts = (data as { amounts?: unknown } | undefined)?.amounts;
  if (!Array.isArray(amounts)) return;
  const whole = amounts.filter((a): a is number => Number.isInteger(a) && a > 0);
  if (whole.length > 0) outcome.smallestAmount = Math.min(...whole);
}
