/**
 * The event loop of one VU iteration, after k6's: anything that will call
 * back into the script (a timer of k6/timers, a WebSocket of k6/websockets)
 * registers itself, and the iteration lasts until the default function has
 * returned and nothing is registered any more. Callbacks run one at a time
 * (Node is single-threaded, as a VU's runtime is). A callback that throws
 * ends the iteration with that error.
 */
export type IterationEnd = { kind: 'done' } | { kind: 'error'; error: unknown } | { kind: 'interrupted' };

/** Something registered with the loop that can be torn down without calling back (interruption). */
export interface LoopResource {
  /** Stops it silently: no more callbacks (k6 forwards no socket events to an interrupted VU). */
  teardown(): void;
}

export class EventLoop {
  private readonly registered = new Set<LoopResource>();
  private finished = false;
  private returned = false;
  private resolve!: (end: IterationEnd) => void;
  readonly ended: Promise<IterationEnd>;

  constructor() {
    this.ended = new Promise((resolve) => { this.resolve = resolve; });
  }

  /** Whether callbacks may still run. */
  get active(): boolean {
    return !this.finished;
  }

  register(resource: LoopResource): void {
    if (this.finished) return;
    this.registered.add(resource);
  }

  release(resource: LoopResource): void {
    this.registered.delete(resource);
    this.maybeDone();
  }

  /** The default function returned: from now on an empty loop ends the iteration. */
  functionReturned(): void {
    this.returned = true;
    this.maybeDone();
  }

  /** Runs one callback of a registered resource inside the loop; an exception ends the iteration. */
  run(callback: () => void): void {
    if (this.finished) return;
    try {
      callback();
    } catch (error) {
      this.end({ kind: 'error', error });
    }
  }

  /** Hard stop (gracefulStop / gracefulRampDown ran out, or the test was aborted). */
  interrupt(): void {
    this.end({ kind: 'interrupted' });
  }

  end(result: IterationEnd): void {
    if (this.finished) return;
    this.finished = true;
    for (const resource of [...this.registered]) resource.teardown();
    this.registered.clear();
    this.resolve(result);
  }

  private maybeDone(): void {
    if (this.returned && this.registered.size === 0) this.end({ kind: 'done' });
  }
}
