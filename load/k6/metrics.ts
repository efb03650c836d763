import { Counter, Rate, Trend } from 'k6/metrics';
import { journeyNames } from '../terminal/journey.js';
import { moneyViolationKinds, type CardCounts, type MoneyViolationKind } from '../v2/money-ledger.js';
import { kioskProviders } from '../v2/providers.js';
import { kioskJourneys } from '../v2/kiosk-journeys.js';
import type { TerminalObserver, TransactionOutcome } from '../terminal/types.js';

/** Transitions timed per key; each gets its own Trend so handleSummary sees it. */
export const knownTransitions = [
  'AMOUNT_SELECT>PAYMENT_METHOD', 'AMOUNT_SELECT>KEYPAD', 'AMOUNT_SELECT>LIMIT_ERROR', 'KEYPAD>PAYMENT_METHOD', 'KEYPAD>AMOUNT_SELECT',
  'KEYPAD>LIMIT_ERROR', 'PAYMENT_METHOD>PROCESSING', 'PAYMENT_METHOD>AMOUNT_SELECT', 'FAILED>AMOUNT_SELECT', 'LIMIT_ERROR>AMOUNT_SELECT',
  // pinto-android-2 kiosks (load/v2/driven-kiosk.ts): K1 -> PAYMENT_METHOD, K6 -> LIMIT_CHECK_RESULT.
  'CARD_CHECK_RESULT>LIMIT_CHECK_RESULT',
] as const;
export const knownErrors = [
  'answer-timeout', 'stalled', 'connection-lost', 'connect-failed', 'daily-limit-reached', 'scenario-not-accepted',
  'server-error:TIMEOUT', 'server-error:INVALID_MESSAGE', 'server-error:INVALID_AMOUNT', 'server-error:INVALID_TRANSACTION',
  'server-error:UNEXPECTED_ACTION', 'server-error:RATE_LIMITED', 'server-error:INTERNAL_ERROR',
] as const;
/** Failure reasons by category (the part before ":"), declared up front as k6 requires. */
export const knownFailureCategories = [
  'answer-timeout', 'stalled', 'connection-lost', 'lost-on-reconnect', 'idle-timeout', 'keypad-not-offered', 'no-success', 'payment-failed',
  'approved-not-declined', 'expected-decline', 'cancel-not-sent', 'no-limit-error', 'server-error', 'device-error',
] as const;
export const knownViolations = ['invalid-frame', 'screen-graph', 'transaction-id', 'status-screen', 'error-screen', 'resumption', 'binary-frame'] as const;

/** A k6-legal metric name (letters, digits, underscores). */
export function metricName(prefix: string, key: string): string {
  return `${prefix}${key.toLowerCase().replace('>', '_to_').replace(/[^a-z0-9_]/g, '_')}`;
}

// k6 metrics must be created in the init context: all of them, up front.
const screenLatency = new Trend('screen_latency', true);
const transitionTrends = new Map(knownTransitions.map((k) => [k as string, new Trend(metricName('screen_latency_', k), true)]));
const transactionsCompleted = new Counter('transactions_completed');
const transactionFailures = new Rate('transaction_failures');
const protocolViolations = new Rate('protocol_violations');
const resumptions = new Counter('resumptions');
const errorCounters = new Map(knownErrors.map((k) => [k as string, new Counter(metricName('errors_', k))]));
const otherErrors = new Counter('errors_other');
const violationCounters = new Map(knownViolations.map((k) => [k as string, new Counter(metricName('violations_', k))]));
const failedReasons = new Map(knownFailureCategories.map((k) => [k as string, new Counter(metricName('failed_reason_', k))]));
const otherFailures = new Counter('failed_reason_other');
const framesSeen = new Counter('frames_received');
/** End-to-end transaction time (first action to the result screen), overall and per journey, with per-journey outcomes. */
const transactionTime = new Trend('transaction_time', true);
/** v1 journeys and v2 providers and kiosk journeys: a v2 sale counts under its payment provider, any other kiosk journey under its own name. */
const allJourneys: readonly string[] = [...journeyNames, ...kioskProviders, ...kioskJourneys.filter((j) => j !== 'sale')];
const journeyTime = new Map(allJourneys.map((j) => [j as string, new Trend(metricName('transaction_time_', j), true)]));
const journeyCompleted = new Map(allJourneys.map((j) => [j as string, new Counter(metricName('journey_completed_', j))]));
const journeyFailed = new Map(allJourneys.map((j) => [j as string, new Counter(metricName('journey_failed_', j))]));

/** Metric names the summary conversion reads, by kind. */
export const summaryMetricNames = {
  transitionMetrics: Object.fromEntries(knownTransitions.map((k) => [metricName('screen_latency_', k), k])),
  errorMetrics: { ...Object.fromEntries(knownErrors.map((k) => [metricName('errors_', k), k])), errors_other: 'other' },
  violationMetrics: Object.fromEntries(knownViolations.map((k) => [metricName('violations_', k), k])),
  journeyMetrics: Object.fromEntries(allJourneys.map((j) => [j, { time: metricName('transaction_time_', j), completed: metricName('journey_completed_', j), failed: metricName('journey_failed_', j) }])),
};

// pinto-android-2 workloads: what each VU's money ledger found and counted.
const moneyViolationsTotal = new Counter('money_violations');
const moneyViolationCounters = new Map(moneyViolationKinds.map((k) => [k as string, new Counter(metricName('money_violations_', k))]));
const cardCounters = { checks: new Counter('card_checks'), approved: new Counter('card_checks_approved'), rejected: new Counter('card_checks_rejected'), approvedAmount: new Counter('card_approved_amount') };

/** Metric names of the money ledger, for the summary. */
export const moneyMetricNames = {
  violationMetrics: Object.fromEntries(moneyViolationKinds.map((k) => [metricName('money_violations_', k), k])),
  cardMetrics: { checks: 'card_checks', approved: 'card_checks_approved', rejected: 'card_checks_rejected', approvedAmount: 'card_approved_amount' },
};

/** One money violation a VU's ledger found: counted, and logged (k6 summaries carry no samples). */
export function k6MoneyViolation(kind: MoneyViolationKind, detail: string): void {
  moneyViolationsTotal.add(1, { kind });
  moneyViolationCounters.get(kind)?.add(1);
  console.error(`money violation ${kind}: ${detail}`);
}

/** A zero sample, so that money_violations has data (and its threshold a value) in a run that finds none. */
export function k6MoneyWatch(): void {
  moneyViolationsTotal.add(0);
}

/** Adds what a ledger counted since `before` (the VU's previous report). */
export function k6CardCounts(now: CardCounts, before: CardCounts): void {
  for (const key of Object.keys(cardCounters) as Array<keyof CardCounts>) if (now[key] > before[key]) cardCounters[key].add(now[key] - before[key]);
}

/** The virtual terminal's observer in k6: feeds the custom metrics. */
export const k6Observer: TerminalObserver & { frame(): void } = {
  transition(key: string, latencyMs: number): void {
    screenLatency.add(latencyMs, { transition: key });
    transitionTrends.get(key)?.add(latencyMs);
  },
  transaction(outcome: TransactionOutcome, journey: string, reason: string | undefined, durationMs?: number): void {
    if (durationMs !== undefined) {
      transactionTime.add(durationMs, { journey });
      journeyTime.get(journey)?.add(durationMs);
    }
    (outcome === 'completed' ? journeyCompleted : journeyFailed).get(journey)?.add(1);
    if (outcome === 'completed') transactionsCompleted.add(1, { journey });
    transactionFailures.add(outcome === 'failed', { journey });
    if (outcome === 'failed') (failedReasons.get((reason ?? 'other').split(':')[0]!) ?? otherFailures).add(1);
  },
  error(kind: string, detail: string): void {
    (errorCounters.get(kind) ?? otherErrors).add(1);
    if (kind !== 'daily-limit-reached') console.warn(`terminal error ${kind}: ${detail}`);
  },
  violation(kind: string, detail: string): void {
    protocolViolations.add(true, { kind });
    violationCounters.get(kind)?.add(1);
    console.error(`protocol violation ${kind}: ${detail}`);
  },
  resumption(): void {
    resumptions.add(1);
  },
  frame(): void {
    framesSeen.add(1);
    protocolViolations.add(false);
  },
};
