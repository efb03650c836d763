/** What one paced run at an offered rate measured. */
export interface ProbeResult {
  /** Transactions per second completed. */
  achieved: number;
  p50Ms: number;
  p99Ms: number;
}

/** One probe of the search: the rate offered, what it measured, and whether it met the objective. */
export interface Probe extends ProbeResult {
  offered: number;
  pass: boolean;
}

/** The search's result: every probe in the order run, and the best rate that met the objective. */
export interface Capacity {
  probes: Probe[];
  /** Transactions per second achieved by the highest offered rate that met the objective; 0 when none did. */
  capacity: number;
}

/**
 * Whether a run meets a latency objective: p99 under `sloMs`, and the
 * server kept up (it completed at least `keepUp` of what was offered; a
 * server that falls behind lowers its own load and its p99 with it).
 */
export function meetsObjective(result: ProbeResult, offered: number, sloMs: number, keepUp = 0.9): boolean {
  return result.p99Ms < sloMs && result.achieved >= keepUp * offered;
}

/**
 * Finds the highest offered rate at which `probe` meets the objective:
 * doubles from `start` until a rate fails or `max` is reached (or, when
 * `start` already fails, halves until one meets it or `min` fails too),
 * then bisects `steps` times between the rate that met it and the one that
 * did not. Near the edge p99 is noisy, so the answer is a step of this
 * search, not a sharp line: read it with the probes around it.
 */
export async function searchCapacity(
  probe: (offered: number) => Promise<ProbeResult>,
  sloMs: number,
  start: number,
  max: number,
  steps = 3,
  min = start / 8,
): Promise<Capacity> {
  const probes: Probe[] = [];
  const run = async (offered: number): Promise<Probe> => {
    const result = await probe(offered);
    const done: Probe = { ...result, offered, pass: meetsObjective(result, offered, sloMs) };
    probes.push(done);
    return done;
  };
  let good: Probe | undefined;
  let bad: Probe | undefined;
  for (let offered = start; ; offered = Math.min(max, offered * 2)) {
    const p = await run(offered);
    if (!p.pass) {
      bad = p;
      break;
    }
    good = p;
    if (offered >= max) break;
  }
  for (let offered = start / 2; good === undefined && offered >= min; offered /= 2) {
    const p = await run(Math.round(offered));
    if (p.pass) good = p;
    else bad = p;
  }
  if (good === undefined) return { probes, capacity: 0 };
  for (let i = 0; i < steps && bad !== undefined; i++) {
    const p = await run(Math.round((good.offered + bad.offered) / 2));
    if (p.pass) good = p;
    else bad = p;
  }
  return { probes, capacity: good.achieved };
}
