import { CouldNotRun } from '../case-errors.js';

/**
 * The run's test kiosks: the terminal ids the target lists, leased to one
 * case at a time, or fresh ids of this run when it lists none. Two kiosks
 * are enough to run every case (the cases on two terminals take both).
 */
export class KioskPool {
  private readonly free: string[];
  private readonly queue: Array<() => void> = [];
  private made = 0;

  constructor(private readonly ids: readonly string[] | undefined, private readonly runId: string) {
    this.free = [...(ids ?? [])];
  }

  /** How many kiosks a case may hold at once (unbounded without a list). */
  get size(): number {
    return this.ids?.length ?? Number.POSITIVE_INFINITY;
  }

  /** Leases `n` kiosks; waits for them when another case holds them. */
  async lease(n: number): Promise<string[]> {
    if (this.ids === undefined) return Array.from({ length: n }, () => `kiosk-${this.runId}-${++this.made}`);
    if (n > this.ids.length) throw new CouldNotRun(`the case needs ${n} test kiosks; the target lists ${this.ids.length}`);
    while (this.free.length < n) await new Promise<void>((resolve) => this.queue.push(resolve));
    return this.free.splice(0, n);
  }

  release(ids: readonly string[]): void {
    if (this.ids === undefined) return;
    this.free.push(...ids);
    for (const wake of this.queue.splice(0)) wake();
  }
}

/**
 * The run's card tokens and what is left of each card's daily limit
 * (V2-M-1). Without listed tokens every lease is a fresh card of this run.
 * With them, a card is leased to one case at a time; what a case left
 * counted on it (it says so on release) is taken off, so the next case that
 * needs the card's whole limit gets another one. The cases release what they
 * reserve wherever the protocol lets them (a declined sale, a reversal), so a
 * handful of cards serves run after run on one day.
 */
export class CardPool {
  private readonly left = new Map<string, number>();
  private readonly busy = new Set<string>();
  private readonly queue: Array<() => void> = [];
  private made = 0;

  constructor(private readonly tokens: readonly string[] | undefined, private readonly limit: number, private readonly runId: string) {
    for (const t of tokens ?? []) this.left.set(t, limit);
  }

  /** Whether the cards are the run's own (fresh every run). */
  get fresh(): boolean {
    return this.tokens === undefined;
  }

  /** Sets what is left on a listed card (read from the books endpoint before the run). */
  setLeft(token: string, left: number): void {
    if (this.left.has(token)) this.left.set(token, Math.max(0, left));
  }

  /** What is known to be left on a card. */
  leftOn(token: string): number {
    return this.left.get(token) ?? this.limit;
  }

  /** Leases a card with at least `need` of its limit left: the tightest fit, so whole cards stay whole. */
  async lease(need: number): Promise<string> {
    if (this.tokens === undefined) {
      const token = `PAR${this.runId.toUpperCase()}${String(++this.made).padStart(6, '0')}`;
      this.left.set(token, this.limit);
      return token;
    }
    for (;;) {
      const fits = [...this.left].filter(([t, l]) => l >= need && !this.busy.has(t)).sort((a, b) => a[1] - b[1]);
      const pick = fits[0]?.[0];
      if (pick !== undefined) {
        this.busy.add(pick);
        return pick;
      }
      if (![...this.left.values()].some((l) => l >= need)) {
        throw new CouldNotRun(`needs a card token with ${need} of its daily limit left; the listed cards have ${[...this.left.values()].join(', ')} left today: list more card tokens, declare the books endpoint, or leave cardTokens out for fresh ones`);
      }
      await new Promise<void>((resolve) => this.queue.push(resolve));
    }
  }

  /** Returns a card; `counted` is what the case left counted on it (0 when it released everything). */
  release(token: string, counted: number): void {
    this.left.set(token, this.leftOn(token) - counted);
    this.busy.delete(token);
    for (const wake of this.queue.splice(0)) wake();
  }
}
