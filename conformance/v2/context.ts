import { randomBytes } from 'node:crypto';
import type { KioskScreen } from '../../kiosk-v2/index.js';
import { CouldNotRun, NotApplicable, Skipped } from '../case-errors.js';
import { StepRecorder } from '../context/step-recorder.js';
import type { StepResult } from '../results.js';
import type { WireLog } from '../wire-log.js';
import { scaledClock } from './clock.js';
import { KioskLink, type BackendFrame } from './kiosk-link.js';
import type { CardPool } from './pools.js';
import type { V2Provider, V2Target } from './target.js';

/** The waits of a v2 run, real milliseconds. */
export interface V2Waits {
  /** A backend's answer to one kiosk frame. */
  answerMs: number;
  /** A kiosk timer of `ms` (its own clock), plus the answer to what it sends then. */
  kioskMs(ms: number): number;
  /** The backend's screens after a sale, paced by its step delay (V2-OPEN-12). */
  afterSaleMs: number;
}

/** A sale as the books endpoint of the reference server's shape shows it (GET /v2/sales, a card's sales); the optional fields are read where present. */
export interface BooksSale {
  amount: number;
  state: string;
  day?: string;
  saleNo?: number;
  transactionId?: string;
  flags?: string[];
  /** Whether the sale's ticket was printed, not printed, or voided (V2-M-12). */
  ticket?: string | null;
}

/** A card as the books endpoint of the reference server's shape shows it (GET /v2/cards/<token>). */
export interface BooksCard {
  spent: number;
  reserved: number;
  counted: number;
  day?: string;
  sales?: BooksSale[];
}

/** A backend's own message an operator can ask for on the books endpoint (POST /v2/kiosks/<id>/<action>, docs/reference-server-v2.md). */
export type OperatorAction = 'reversal-request' | 'refund-request' | 'device-info-request' | 'restart';

/** The backend's answer to an operator action: sent (202), or refused with its reason (409), a legal answer. */
export type OperatorAnswer = { sent: true } | { refused: string };

/** What a case sees: the target, kiosks it opens, cards it leases, and the step recorder. */
export class V2CaseContext {
  readonly recorder = new StepRecorder();
  readonly kiosks: KioskLink[] = [];
  /** `before`: the card's counted amount on each day its books showed at the lease (the base a books check measures from). */
  private readonly cards: Array<{ token: string; counted: number; before?: ReadonlyMap<string, number> }> = [];
  private readonly clock;

  constructor(
    readonly target: V2Target,
    readonly waits: V2Waits,
    readonly runId: string,
    readonly log: WireLog,
    /** The terminal ids this case leased (A, B). */
    readonly kioskIds: readonly string[],
    private readonly cardPool: CardPool,
  ) {
    this.clock = scaledClock(target.kioskTimeScale);
  }

  get steps(): StepResult[] {
    return this.recorder.steps;
  }

  /**
   * Starts test kiosk A or B configured for `provider`: with test control it
   * asks for the provider (and `scenario`) on the upgrade; without, the
   * backend's own configuration decides, and a case for another provider is
   * N/A once the configuration arrives.
   */
  openKiosk(options: { as?: 'A' | 'B'; provider: V2Provider; scenario?: string[]; terminalMs?: number; /** The device clock's error: its timestamps are off by this much, its timers are not (V2-ENV-7). */ clockSkewMs?: number }): KioskLink {
    if (!this.target.providers.includes(options.provider)) throw new NotApplicable(`the target does not serve provider ${options.provider}`);
    const extra = options.scenario ?? [];
    if (extra.length > 0 && !this.target.testControl) throw new Skipped(`needs test control (scenario ${extra.join(',')})`);
    const names = this.target.testControl ? [`provider:${options.provider}`, ...extra] : [];
    const as = options.as ?? 'A';
    const terminalId = this.kioskIds[as === 'A' ? 0 : 1];
    if (terminalId === undefined) throw new CouldNotRun(`the case has no test kiosk ${as}`);
    const link = new KioskLink({
      label: `${as}${this.kiosks.some((k) => k.label.startsWith(as)) ? `#${this.kiosks.length + 1}` : ''}`,
      url: this.target.url,
      terminalId,
      scenario: names.length > 0 ? names.join(',') : undefined,
      clock: options.clockSkewMs ? { ...this.clock, now: () => this.clock.now() + (options.clockSkewMs ?? 0) } : this.clock,
      log: this.log,
      terminalMs: options.terminalMs ?? 200,
    });
    this.kiosks.push(link);
    return link.start();
  }

  /**
   * Starts a kiosk and waits for its first screen and configuration (flow a):
   * AMOUNT_SELECT without being asked (V2-TRN-9, V2-FLOW-2) and a DEVICE_INFO
   * before any card payment (V2-FLOW-20). Checks the provider the backend
   * configured.
   */
  async ready(options: Parameters<V2CaseContext['openKiosk']>[0]): Promise<KioskLink> {
    const link = this.openKiosk(options);
    const shown = await link.untilScreen('AMOUNT_SELECT', this.waits.answerMs);
    this.check('the backend sends AMOUNT_SELECT on connect, unasked', ['V2-TRN-9', 'V2-FLOW-2'], shown, `SCREEN_CHANGE AMOUNT_SELECT with amounts and currency within ${this.waits.answerMs} ms`, describeScreen(link.kiosk.screen));
    await link.until(() => link.startupChecked, this.waits.kioskMs(1_500));
    const configured = link.kiosk.persisted.deviceConfig;
    this.check('a configuration (DEVICE_INFO) before any card payment', ['V2-FLOW-20'], configured !== undefined, 'DEVICE_INFO with at least one configuration field', 'none stored by the kiosk');
    const provider = normalise(configured?.paymentProvider ?? '');
    if (provider !== options.provider) {
      if (this.target.testControl && link.scenarioAccepted) this.check(`the kiosk is configured for ${options.provider} as asked`, ['V2-FLOW-20'], false, `paymentProvider ${options.provider}`, `paymentProvider ${configured?.paymentProvider}`, true);
      throw new NotApplicable(`the backend configured provider ${configured?.paymentProvider}; the case plays ${options.provider}`);
    }
    return link;
  }

  /**
   * Leases a card with `need` of its daily limit left (default: two of the
   * smallest payments). Cases work with what is left on it (`left`), so a
   * handful of listed cards serves run after run on one day.
   */
  async card(need = 20): Promise<string> {
    const token = await this.cardPool.lease(need);
    this.cards.push({ token, counted: 0, before: await this.booksByDay(token) });
    return token;
  }

  /** What the books counted on a leased card at its lease, on the books' day `day` (0 when the books showed nothing there). */
  countedAtLease(token: string, day: string): number | undefined {
    const before = this.cards.find((c) => c.token === token)?.before;
    return before === undefined ? undefined : (before.get(day) ?? 0);
  }

  /**
   * A card's counted amount on every day its books show (the endpoint's own
   * day and the day label of each of its sales). The day a sale counts on is
   * the books' word, V2-OPEN-1 (pinto-android-2.md §9.1 "the day boundary
   * (UTC, site-local, rolling 24 h)"): a site-local day need not be the UTC
   * day the endpoint answers for by default.
   */
  async booksByDay(card: string): Promise<Map<string, number> | undefined> {
    const read = await this.books(card);
    if (!read) return undefined;
    const days = new Map<string, number>([[read.day ?? '', read.counted]]);
    for (const day of new Set((read.sales ?? []).map((s) => s.day).filter((d): d is string => typeof d === 'string' && !days.has(d)))) {
      days.set(day, (await this.books(card, day))?.counted ?? 0);
    }
    return days;
  }

  /** The books' reading of a card on the day of its newest sale (V2-OPEN-1: the books' own day label), else on the endpoint's day. */
  async booksToday(card: string): Promise<BooksCard | undefined> {
    const read = await this.books(card);
    const day = read?.sales?.at(-1)?.day;
    if (!read || day === undefined || day === read.day) return read;
    return this.books(card, day);
  }

  /** What is left of a leased card's daily limit as the run knows it (the books endpoint's reading at the start, less this run's spend). */
  left(token: string): number {
    return this.cardPool.leftOn(token);
  }

  /**
   * Lets every payment the case started end and be reported before its kiosks
   * stop: a kiosk stopped during a sale would leave an approved amount of
   * unknown outcome reserved on the card for the rest of the day (V2-M-7).
   */
  async settle(): Promise<void> {
    const busy = ['PROCESSING', 'TIMEOUT', 'MOCK_PAYMENT_CARD', 'REVERSING', 'REFUND_PROCESSING'];
    await Promise.all(this.kiosks.filter((k) => k.kiosk.isAlive).map((k) => k.until(() => !busy.includes(k.kiosk.screen.name), this.waits.kioskMs(25_000))));
    await this.quiet(this.waits.answerMs / 4);
  }

  /** Notes what the case leaves counted on a card (a paid sale it does not reverse), for the run's budget. */
  leaveCounted(token: string, amount: number): void {
    const card = this.cards.find((c) => c.token === token);
    if (card) card.counted += amount;
  }

  /**
   * Chooses `amount` on AMOUNT_SELECT: the preset when offered, else "Other"
   * and the local keypad (§5b step 1), and waits for PAYMENT_METHOD (V2-FLOW-4).
   * Returns whether it came.
   */
  async chooseAmount(link: KioskLink, amount: number): Promise<boolean> {
    const screen = link.kiosk.screen;
    if (screen.name !== 'AMOUNT_SELECT') throw new CouldNotRun(`${link.label}: expected AMOUNT_SELECT, the kiosk shows ${screen.name}`);
    if (screen.amounts.includes(amount)) link.kiosk.tapAmount(amount);
    else if (screen.showOtherOption) {
      link.kiosk.tapOther();
      link.kiosk.enterKeypadAmount(amount);
    } else throw new NotApplicable(`AMOUNT_SELECT offers ${screen.amounts.join(', ')} and no "Other": the case needs ${amount}`);
    const shown = await link.untilScreen('PAYMENT_METHOD', this.waits.answerMs);
    this.check('PAYMENT_METHOD in answer to the amount (yaspaEnabled)', ['V2-FLOW-4'], shown, `SCREEN_CHANGE PAYMENT_METHOD within ${this.waits.answerMs} ms`, describeScreen(link.kiosk.screen));
    return shown;
  }

  /**
   * Amount, then a card method: the card payment runs on the kiosk's terminal (V2-FLOW-7).
   * `onMethods` runs on PAYMENT_METHOD, just before the tap that fixes the payment's id (§3.4.3).
   */
  async payByCard(link: KioskLink, amount: number, onMethods?: () => void): Promise<void> {
    if (!(await this.chooseAmount(link, amount))) throw new CouldNotRun(`${link.label}: no PAYMENT_METHOD, the payment cannot start`);
    onMethods?.();
    const screen = link.kiosk.screen as Extract<KioskScreen, { name: 'PAYMENT_METHOD' }>;
    const method = screen.methods.find((m) => m === 'DEBIT_CARD' || m === 'PAY_BY_BANK');
    if (method === undefined) throw new NotApplicable(`PAYMENT_METHOD offers ${screen.methods.join(', ')}: no card method`);
    link.kiosk.tapPaymentMethod(method);
  }

  /** The smallest amount the kiosk can pay: the keypad's minimum when "Other" is offered, else the smallest preset. */
  smallestAmount(link: KioskLink): number {
    const screen = link.kiosk.screen;
    const min = Math.ceil(link.kiosk.persisted.deviceConfig?.minTransactionLimit ?? 10);
    if (screen.name !== 'AMOUNT_SELECT') return min;
    return screen.showOtherOption ? min : Math.min(...screen.amounts);
  }

  /** The largest amount within the card's limit that the keypad allows (or the largest preset within it). */
  largestAmount(link: KioskLink, within: number): number {
    const screen = link.kiosk.screen;
    const max = Math.floor(link.kiosk.persisted.deviceConfig?.maxTransactionLimit ?? 300);
    if (screen.name === 'AMOUNT_SELECT' && !screen.showOtherOption) return Math.max(...screen.amounts.filter((a) => a <= within));
    return Math.min(max, within);
  }

  /** Backend frames of a messageType with a transaction id, on a kiosk, since frame `from`. */
  framesOf(link: KioskLink, messageType: string, transactionId?: string, from = 0): BackendFrame[] {
    return link.framesSince(from, (m) => m.messageType === messageType && (transactionId === undefined || m.transactionId === transactionId));
  }

  /** Waits `ms` real milliseconds (to see that nothing more comes). */
  quiet(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** What the books endpoint says of a card today, when the target declares it. */
  async books(card: string, day?: string): Promise<BooksCard | undefined> {
    const query = day === undefined ? '' : `?day=${encodeURIComponent(day)}`;
    return this.booksRead<BooksCard>(`/v2/cards/${encodeURIComponent(card)}${query}`);
  }

  /** A GET of the books endpoint (`/v2/sales`, `/v2/reversals`, ...), when the target declares it. */
  async booksRead<T>(path: string): Promise<T | undefined> {
    const response = await this.booksFetch('GET', path);
    if (!response) return undefined;
    if (!response.ok) throw new CouldNotRun(`books endpoint: HTTP ${response.status} for GET ${path}`);
    return (await response.json()) as T;
  }

  /**
   * Asks the backend, through its books endpoint, to send one of its own
   * messages to a test kiosk: POST /v2/kiosks/<terminal id>/<action>. A
   * refusal (409, with its reason) is a legal answer; a backend without the
   * action (404, 405), or that does not know the kiosk by the terminal id
   * the certifier gave it (404: it names kiosks otherwise, V2-OPEN-7), makes
   * the case N/A.
   */
  async operate(link: KioskLink, action: OperatorAction, body: Record<string, unknown> = {}): Promise<OperatorAnswer> {
    const kiosk = link.options.terminalId;
    if (!this.target.books) throw new NotApplicable('the target declares no books endpoint: no operator actions');
    if (kiosk === undefined) throw new NotApplicable('the test kiosk has no terminal id to name it by');
    const path = `/v2/kiosks/${encodeURIComponent(kiosk)}/${action}`;
    const response = (await this.booksFetch('POST', path, body))!;
    const text = await response.text();
    this.log.add(link.label, 'event', 'http', `POST ${path} ${JSON.stringify(body)}: ${response.status} ${text.trim().slice(0, 300)}`);
    if (response.status === 404 || response.status === 405) throw new NotApplicable(`the backend offers no ${action}, or knows no kiosk by the terminal id ${kiosk} (HTTP ${response.status} for POST ${path})`);
    if (response.status === 409) return { refused: text.trim() || 'HTTP 409' };
    if (response.status < 200 || response.status > 299) throw new CouldNotRun(`books endpoint: HTTP ${response.status} for POST ${path}: ${text.slice(0, 200)}`);
    return { sent: true };
  }

  private async booksFetch(method: 'GET' | 'POST', path: string, body?: Record<string, unknown>): Promise<Response | undefined> {
    const books = this.target.books;
    if (!books) return undefined;
    const headers: Record<string, string> = books.token ? { authorization: `Bearer ${books.token}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${books.url.replace(/\/$/, '')}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  }

  /** A free-form check (StepRecorder.check): a failed MUST of a source stops the case with FAIL. */
  check(title: string, requirements: string[], ok: boolean, expected: string, actual: string, soft = false): void {
    this.recorder.check(title, requirements, ok, expected, actual, soft);
  }

  /** A transaction id no backend has seen. */
  newId(): string {
    return `T-${this.runId}-${randomBytes(6).toString('hex')}`;
  }

  /** Ends the case: stops its kiosks and returns its cards with what it left counted on them. */
  finish(): void {
    for (const k of this.kiosks) k.stop();
    for (const c of this.cards) this.cardPool.release(c.token, c.counted);
  }
}

/** "nnsmart" and "newland" are one provider (V2-FLOW-7); anything but mock and those is Integra's path. */
function normalise(provider: string): V2Provider {
  const p = provider.trim().toLowerCase();
  if (p === 'mock') return 'mock';
  if (p === 'nnsmart' || p === 'newland') return 'nnsmart';
  return 'integra';
}

/** One line for a kiosk screen in a report. */
export function describeScreen(screen: KioskScreen): string {
  return `the kiosk shows ${screen.name}${'errorMessage' in screen && screen.errorMessage ? ` "${screen.errorMessage}"` : ''}`;
}
