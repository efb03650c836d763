import type { Options, Scenario } from 'k6/options';

/** The named workloads of the k6 scripts (env WORKLOAD). */
export type WorkloadName = 'smoke' | 'load' | 'soak' | 'spike' | 'reconnect-storm' | 'v2-smoke' | 'v2-load';
export const workloadNames: readonly WorkloadName[] = ['smoke', 'load', 'soak', 'spike', 'reconnect-storm', 'v2-smoke', 'v2-load'];

/** Whether a workload drives pinto-android-2 kiosks (load/k6/v2-fleet.ts) rather than v1 terminals. */
export function isV2Workload(name: WorkloadName): boolean {
  return name.startsWith('v2-');
}

/** Sizing read from env vars; every workload has bounded defaults. */
export interface WorkloadSizing {
  terminals: number;
  rampUp: string;
  /** load: the closing ramp to 0; spike: the fall back to the baseline. */
  rampDown: string;
  /** spike: how long the 10 % baseline holds before and after the spike. */
  baseline: string;
  duration: string;
  /** p99 action->screen latency threshold, ms. */
  p99Ms: number;
  /** Allowed transaction failure rate. */
  maxFailureRate: number;
}

/**
 * The k6 scenario of a workload. Each VU is one terminal; an iteration is
 * one connection session (see paysock.ts), so VU counts are terminal counts.
 */
export function workloadScenario(name: WorkloadName, s: WorkloadSizing): Scenario {
  switch (name) {
    case 'smoke':
      return { executor: 'constant-vus', vus: Math.min(s.terminals, 5), duration: s.duration, gracefulStop: '15s' };
    // v2: a VU is a group of kiosks sharing cards (v2-fleet.ts), so `terminals` counts VUs.
    case 'v2-smoke':
      return { executor: 'constant-vus', vus: Math.min(s.terminals, 5), duration: s.duration, gracefulStop: '15s' };
    case 'v2-load':
    case 'load':
      return { executor: 'ramping-vus', startVUs: 0, stages: [{ duration: s.rampUp, target: s.terminals }, { duration: s.duration, target: s.terminals }, { duration: s.rampDown, target: 0 }], gracefulRampDown: '15s', gracefulStop: '15s' };
    case 'soak':
      return { executor: 'constant-vus', vus: s.terminals, duration: s.duration, gracefulStop: '30s' };
    case 'spike': {
      const base = Math.max(1, Math.floor(s.terminals / 10));
      return { executor: 'ramping-vus', startVUs: base, stages: [{ duration: s.baseline, target: base }, { duration: s.rampUp, target: s.terminals }, { duration: s.duration, target: s.terminals }, { duration: s.rampDown, target: base }, { duration: s.baseline, target: base }], gracefulRampDown: '15s', gracefulStop: '15s' };
    }
    case 'reconnect-storm':
      return { executor: 'constant-vus', vus: s.terminals, duration: s.duration, gracefulStop: '30s' };
  }
}

/** Default sizes per workload (env vars override). */
export function defaultSizing(name: WorkloadName): WorkloadSizing {
  switch (name) {
    case 'v2-smoke': return { terminals: 2, rampUp: '0s', rampDown: '0s', baseline: '0s', duration: '1m', p99Ms: 500, maxFailureRate: 0 };
    case 'v2-load': return { terminals: 250, rampUp: '1m', rampDown: '30s', baseline: '0s', duration: '10m', p99Ms: 250, maxFailureRate: 0.01 };
    case 'smoke': return { terminals: 5, rampUp: '0s', rampDown: '0s', baseline: '0s', duration: '1m', p99Ms: 500, maxFailureRate: 0 };
    case 'load': return { terminals: 1000, rampUp: '2m', rampDown: '30s', baseline: '0s', duration: '10m', p99Ms: 100, maxFailureRate: 0.01 };
    case 'soak': return { terminals: 1000, rampUp: '0s', rampDown: '0s', baseline: '0s', duration: '2h', p99Ms: 100, maxFailureRate: 0.01 };
    case 'spike': return { terminals: 5000, rampUp: '10s', rampDown: '10s', baseline: '1m', duration: '2m', p99Ms: 250, maxFailureRate: 0.02 };
    case 'reconnect-storm': return { terminals: 1000, rampUp: '0s', rampDown: '0s', baseline: '0s', duration: '5m', p99Ms: 250, maxFailureRate: 0.02 };
  }
}

/**
 * Thresholds: protocol violations abort the run at once (a broken protocol
 * makes every other number meaningless); failures and latency abort only
 * after a warm-up, except in the smoke test where they are just judged.
 */
export function workloadThresholds(name: WorkloadName, s: WorkloadSizing): NonNullable<Options['thresholds']> {
  const abort = name !== 'smoke' && name !== 'v2-smoke';
  // A money violation fails a v2 run whatever else it measured, as in `paysock load`.
  const money: NonNullable<Options['thresholds']> = isV2Workload(name) ? { money_violations: [{ threshold: 'count==0', abortOnFail: abort, delayAbortEval: '10s' }] } : {};
  return {
    ...money,
    protocol_violations: [{ threshold: 'rate==0', abortOnFail: true, delayAbortEval: '10s' }],
    transaction_failures: [{ threshold: `rate<=${s.maxFailureRate}`, abortOnFail: abort, delayAbortEval: '1m' }],
    screen_latency: [{ threshold: `p(99)<${s.p99Ms}`, abortOnFail: abort && name !== 'spike', delayAbortEval: '1m' }],
    transactions_completed: ['count>0'],
  };
}
