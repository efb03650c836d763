import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PaysockCommand } from './command.js';
import { packagePath } from '../../protocol/package-root.js';
import { profileChoices } from '../profile-option.js';
import { isProfileName, registeredProfile } from '../../protocol/profiles/index.js';
import { UsageError } from '../usage-error.js';
import type { ComparisonCheck } from '../../load/compare.js';
import { parseTokens } from '../../load/driver/tokens.js';
import { checkDriverOptions, driverLimits, isLoopbackUrl, parseSourceAddresses, type DriverOptions } from '../../load/driver/options.js';
import type { LoadProgress } from '../../load/driver/run.js';
import { parseDuration } from '../../load/duration.js';
import type { LoadSummary } from '../../load/summary.js';
import { parseJourneySpec, parseThinkTime } from '../../load/terminal/journey.js';
import { defaultProviderSpec, parseProviderSpec } from '../../load/v2/providers.js';
import { defaultKioskJourneySpec, parseKioskJourneySpec } from '../../load/v2/kiosk-journeys.js';
import { evaluateThresholds, parseThreshold, type Threshold } from '../../load/thresholds.js';

/**
 * `paysock load <url>`: the Node load driver. `paysock load compare <baseline>
 * <current>`: regression check between two summaries (and a trend page).
 */
export const loadCommand: PaysockCommand = {
  command: 'load <url> [files..]',
  describe: 'Load-test a backend with simulated terminals (or: load compare <baseline.json> <current.json>)',
  builder: (y) =>
    y
      .positional('url', { type: 'string', describe: 'ws:// or wss:// URL of the backend, or "compare"', demandOption: true })
      .positional('files', { type: 'string', array: true, describe: 'compare: baseline.json current.json' })
      .option('profile', { choices: profileChoices, describe: 'Protocol the terminals speak: v1 (strict and pinto-android-1 alike; --transaction-ids picks the id habit), or pinto-android-2: v2 kiosks of PintoAndroid d540407 (the v2 virtual kiosk, see the Load v2 flags)', group: 'Load:' })
      .option('terminals', { type: 'number', default: 100, describe: `Simulated terminals (max ${driverLimits.maxTerminals})`, group: 'Load:' })
      .option('ramp-up', { type: 'string', default: '0s', describe: 'Time to start all terminals (linear)', group: 'Load:' })
      .option('duration', { type: 'string', default: '30s', describe: 'Whole run including ramp-up (max 1h)', group: 'Load:' })
      .option('think-time', { type: 'string', default: '500ms-2s', describe: 'Pause before each action: 1s, or a range 1s-3s', group: 'Load:' })
      .option('journey', { type: 'string', default: 'preset', describe: 'preset|keypad|decline|cancel|limit|idle|mixed, or weights like preset=1,idle=9', group: 'Load:' })
      .option('transaction-ids', { choices: ['initial', 'client'] as const, default: 'initial' as const, describe: 'Echo "initial" (shipped client) or generate ids (TXN-1)', group: 'Load:' })
      .option('workers', { type: 'number', default: 1, describe: 'Worker threads (spread terminals across cores)', group: 'Load:' })
      .option('threshold', { type: 'string', array: true, default: [] as string[], describe: "Pass/fail rule, repeatable: 'p99<100', 'p95{PAYMENT_METHOD>PROCESSING}<50', 'error_rate<1%', 'tx_rate>100', 'violations<1'", group: 'Load:' })
      .option('out', { type: 'string', describe: 'Folder for load-summary.json, load-report.html, load-junit.xml (compare: trend/compare HTML)', group: 'Load:' })
      .option('source-addresses', { type: 'string', describe: 'Spread connections over local addresses: a count (127.0.0.1..N) or a list', group: 'Load:' })
      .option('terminal-id-prefix', { type: 'string', describe: 'Terminal ids are <prefix><n> (default load-<random>-)', group: 'Load:' })
      .option('test-scenario', { type: 'string', describe: 'X-Test-Scenario for every terminal (TC-3), e.g. slow-processing:50', group: 'Load:' })
      .option('tokens-file', { type: 'string', describe: 'Authentication on (AUTH-2): JSON object token -> terminal id (as paysock serve reads) or array of tokens; terminal i sends token i as Bearer', group: 'Load:' })
      .option('drop-rate', { type: 'number', default: 0, describe: 'Chance to drop the connection on PROCESSING (resumption, RES-3)', group: 'Load:' })
      .option('answer-timeout', { type: 'string', default: '10s', describe: 'Deadline for the answer to an action', group: 'Load:' })
      .option('providers', { type: 'string', describe: `pinto-android-2: payment providers of the kiosks, weights like ${defaultProviderSpec} (sent as X-Test-Scenario provider:<name>; the server needs --test-control)`, group: 'Load v2:' })
      .option('kiosk-journeys', { type: 'string', describe: `pinto-android-2: what the kiosks live through, weights like ${defaultKioskJourneySpec} (sale, yaspa-off, printer-fault, printer-fault-refund, reversal-request, refund-request, reversal-declined, lost-connection, restart; most travel in X-Test-Scenario)`, group: 'Load v2:' })
      .option('cards', { type: 'number', describe: 'pinto-android-2: distinct card tokens shared by the kiosks (default: one per 4 kiosks)', group: 'Load v2:' })
      .option('daily-limit', { type: 'number', default: 300, describe: "pinto-android-2: the backend's per-card daily limit; an approval beyond it is a money violation", group: 'Load v2:' })
      .option('terminal-time', { type: 'string', default: '1s', describe: 'pinto-android-2: how long the card terminal takes per operation', group: 'Load v2:' })
      .option('books', { type: 'string', describe: "pinto-android-2: the backend's books endpoint (http(s)://host:port/v2/books, the reference server's shape), read once after the run: an APPROVED with no sale, a card check booked twice, a card total not its counting sales are money violations", group: 'Load v2:' })
      .option('books-token', { type: 'string', describe: 'pinto-android-2: Bearer token for --books', group: 'Load v2:' })
      .option('max-regression', { type: 'string', default: '10%', describe: 'compare: allowed regression of p99, tx/s, error rate', group: 'Compare:' })
      .option('history', { type: 'string', describe: 'compare: folder of stored summaries for the trend page', group: 'Compare:' }),
  handler: async (args) => {
    if (args.url === 'compare') return compare(args);
    return load(args);
  },
};

async function load(args: Record<string, unknown>): Promise<number> {
  const url = String(args.url);
  // Checked first: the option parsing below reads the URL (loopback or not) and would only say "Invalid URL".
  if (!/^wss?:\/\/[^/]/.test(url)) throw new UsageError(`url "${url}" is not ws:// or wss:// (or "compare")`);
  let options: DriverOptions;
  let thresholds: Threshold[];
  try {
    const terminals = Number(args.terminals);
    const sourceText = args['source-addresses'] as string | undefined;
    let sourceAddresses = sourceText !== undefined ? parseSourceAddresses(sourceText) : [];
    if (sourceAddresses.length === 0 && isLoopbackUrl(url) && terminals > driverLimits.connectionsPerSourceAddress) {
      sourceAddresses = parseSourceAddresses(String(Math.ceil(terminals / driverLimits.connectionsPerSourceAddress)));
    }
    const journeySpec = String(args.journey);
    options = {
      url, terminals, rampUpMs: parseDuration(String(args['ramp-up'])), durationMs: parseDuration(String(args.duration)),
      thinkTime: parseThinkTime(String(args['think-time'])), journeySpec, journeys: parseJourneySpec(journeySpec),
      transactionIds: args['transaction-ids'] as 'initial' | 'client', workers: Number(args.workers), sourceAddresses,
      terminalIdPrefix: (args['terminal-id-prefix'] as string | undefined) ?? `load-${Math.floor(Math.random() * 36 ** 5).toString(36)}-`,
      testScenario: args['test-scenario'] as string | undefined, dropRate: Number(args['drop-rate']),
      answerTimeoutMs: parseDuration(String(args['answer-timeout'])), stallTimeoutMs: 60_000, maxConcurrentConnects: 256,
    };
    if (isProfileName(args.profile) && registeredProfile(args.profile).protocolVersion === 2) options = { ...options, ...v2Options(args, terminals, options.terminalIdPrefix) };
    else if (args.books !== undefined) throw new Error('--books reads v2 books: it needs --profile pinto-android-2');
    const tokensFile = args['tokens-file'] as string | undefined;
    if (tokensFile !== undefined) options.tokens = parseTokens(readTokensFile(tokensFile), tokensFile, terminals);
    thresholds = (args.threshold as string[]).map(parseThreshold);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const problems = checkDriverOptions(options);
  if (problems.length > 0) throw new UsageError(problems.join('; '));

  // The driver (sockets, HDR histograms, the schemas) is loaded only for a run, not for `load compare` or --help.
  const [{ runLoad }, { useSmallHeap }] = await Promise.all([import('../../load/driver/run.js'), import('../../load/driver/heap-flags.js')]);
  useSmallHeap();
  const live = process.stderr.isTTY === true && !process.env.CI;
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  let summary: LoadSummary;
  try {
    summary = await runLoad(options, {
      signal: controller.signal,
      toolVersion: version(),
      ...(live ? { onProgress: (p: LoadProgress) => process.stderr.write(`\r${progressLine(p)}\x1b[K`) } : {}),
    });
  } finally {
    process.off('SIGINT', onSignal);
    if (live) process.stderr.write('\n');
  }
  summary.thresholds = evaluateThresholds(thresholds, summary);
  process.stdout.write(textSummary(summary));
  if (args.out !== undefined) {
    // The renderers are needed only once, at the end: loading them then keeps them out of the run's peak memory.
    const [{ renderLoadReport }, { renderLoadJUnit }] = await Promise.all([import('../../load/report/html.js'), import('../../load/report/junit.js')]);
    const dir = String(args.out);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'load-summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    writeFileSync(join(dir, 'load-report.html'), renderLoadReport(summary));
    writeFileSync(join(dir, 'load-junit.xml'), renderLoadJUnit(summary));
    process.stdout.write(`wrote ${join(dir, 'load-summary.json')}, load-report.html, load-junit.xml\n`);
  }
  // A run that measured nothing never passes, thresholds or not; the last line says which case it was.
  const outcome = summary.outcome?.kind ?? 'measured';
  if (outcome !== 'measured') process.stdout.write(`paysock load: ${summary.outcome?.reason ?? outcome.replace(/-/g, ' ')}\n`);
  if (outcome === 'no-terminal-connected') return 2;
  if (outcome === 'no-transaction-completed') return 1;
  // A money violation fails the run like a missed threshold: a backend that loses money under load is not fast, it is wrong.
  const money = summary.moneyViolations?.total ?? 0;
  if (money > 0) process.stdout.write(`paysock load: ${money} money violation(s): ${Object.entries(summary.moneyViolations!.byKind).map(([k, v]) => `${k}=${v}`).join(' ')}\n`);
  // Books asked for and not read: the money was not audited, so the run cannot pass.
  const booksUnread = (summary.errors['books-unreadable'] ?? 0) > 0;
  if (booksUnread) process.stdout.write(`paysock load: ${summary.moneyViolations?.samples.find((s) => s.startsWith('books-unreadable: ')) ?? 'books-unreadable'}\n`);
  return summary.thresholds.every((t) => t.pass) && money === 0 && !booksUnread ? 0 : 1;
}

/** The v2 part of a run's options: kiosks, not v1 terminals (journeys and transaction ids do not apply). */
function v2Options(args: Record<string, unknown>, terminals: number, prefix: string): Pick<DriverOptions, 'v2' | 'journeySpec' | 'journeys' | 'stallTimeoutMs'> {
  const providerSpec = (args.providers as string | undefined) ?? defaultProviderSpec;
  const kioskJourneySpec = (args['kiosk-journeys'] as string | undefined) ?? defaultKioskJourneySpec;
  return {
    journeySpec: `pinto-android-2 ${providerSpec} ${kioskJourneySpec}`,
    // A v2 payment is one journey (preset, card, receipt); the provider mix is the workload.
    journeys: [{ journey: 'preset', weight: 1 }],
    // The card terminal alone may take 60 s for a card check and 120 s for a sale (M13): a kiosk stalls only after that.
    stallTimeoutMs: 150_000,
    v2: {
      providers: parseProviderSpec(providerSpec),
      cards: args.cards === undefined ? Math.max(Number(args.workers), Math.ceil(terminals / 4)) : Number(args.cards),
      dailyLimit: Number(args['daily-limit']),
      cardPrefix: `${prefix}card-`,
      terminalMs: parseDuration(String(args['terminal-time'])),
      journeys: parseKioskJourneySpec(kioskJourneySpec),
      ...(args.books !== undefined ? { books: { url: String(args.books), ...(args['books-token'] !== undefined ? { token: String(args['books-token']) } : {}) } } : {}),
    },
  };
}

function readTokensFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`--tokens-file ${file}: ${(error as Error).message}`);
  }
}

async function compare(args: Record<string, unknown>): Promise<number> {
  const [{ compareSummaries, parseRegression }, { renderTrendPage }] = await Promise.all([import('../../load/compare.js'), import('../../load/report/trend.js')]);
  const files = (args.files as string[] | undefined) ?? [];
  if (files.length !== 2) throw new UsageError('usage: paysock load compare <baseline.json> <current.json> [--max-regression 10%] [--history dir] [--out dir]');
  let maxRegression: number;
  try {
    maxRegression = parseRegression(String(args['max-regression']));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const baseline = await readSummary(files[0] as string);
  const current = await readSummary(files[1] as string);
  const checks = compareSummaries(baseline, current, maxRegression);
  for (const c of checks) process.stdout.write(`${c.regression ? 'REGRESSION' : 'ok        '} ${c.metric.padEnd(10)} baseline ${c.baseline}  current ${c.current}  ${formatChange(c)}\n`);
  if (args.history !== undefined || args.out !== undefined) {
    const dir = String(args.out ?? args.history);
    const history = args.history !== undefined ? await readHistory(String(args.history)) : [];
    for (const s of [baseline, current]) if (!history.some((h) => h.startedAt === s.startedAt && h.target === s.target)) history.push(s);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'load-trend.html'), renderTrendPage(history));
    writeFileSync(join(dir, 'load-compare.html'), (await import('../../load/report/compare-page.js')).renderComparePage(baseline, current, checks));
    process.stdout.write(`wrote ${join(dir, 'load-trend.html')} (${history.length} runs)\n`);
  }
  const regressions = checks.filter((c) => c.regression).length;
  process.stdout.write(regressions === 0 ? 'no regression\n' : `${regressions} regression(s) beyond ${(maxRegression * 100).toFixed(1)}%\n`);
  return regressions === 0 ? 0 : 1;
}

async function readSummary(file: string): Promise<LoadSummary> {
  const { parseLoadSummary } = await import('../../load/read-summary.js');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return parseLoadSummary(text);
  } catch (error) {
    throw new UsageError(`${file}: ${(error as Error).message}`);
  }
}

async function readHistory(dir: string): Promise<LoadSummary[]> {
  const { isLoadSummary } = await import('../../load/read-summary.js');
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch (error) {
    throw new UsageError(`cannot read --history ${dir}: ${(error as Error).message}`);
  }
  // Stray JSON files in the folder are skipped, not fatal: history folders collect artefacts.
  return names.flatMap((n) => {
    try {
      const value: unknown = JSON.parse(readFileSync(join(dir, n), 'utf8'));
      return isLoadSummary(value) ? [value] : [];
    } catch {
      return [];
    }
  });
}

function formatChange(c: ComparisonCheck): string {
  return c.change === null ? '' : `(${c.change >= 0 ? '+' : ''}${(c.change * 100).toFixed(1)}%)`;
}

function progressLine(p: LoadProgress): string {
  return `${p.elapsedSeconds.toFixed(0)}s  terminals ${p.activeTerminals}  tx/s ${p.transactionsPerSecond}  p99 ${p.p99Ms.toFixed(1)} ms  completed ${p.completed}  errors ${p.errors}`;
}

function textSummary(s: LoadSummary): string {
  const l = s.latency.overall;
  const lines = [
    `paysock load: ${s.terminals.peakActive}/${s.terminals.target} terminals, ${s.durationSeconds}s, workload ${s.workload}`,
    `  transactions: ${s.transactions.completed} completed, ${s.transactions.failed} failed (${(s.transactions.errorRate * 100).toFixed(2)}%), ${s.transactions.perSecond} tx/s`,
    `  latency ms (action -> screen): p50 ${l.p50}  p90 ${l.p90}  p95 ${l.p95}  p99 ${l.p99}  max ${l.max}  (${l.count} samples)`,
    `  protocol violations: ${s.protocolViolations.total}  resumptions: ${s.resumptions}  errors: ${Object.entries(s.errors).map(([k, v]) => `${k}=${v}`).join(' ') || 'none'}`,
    ...(s.moneyViolations ? [`  money violations: ${s.moneyViolations.total}${s.moneyViolations.total > 0 ? ` (${Object.entries(s.moneyViolations.byKind).map(([k, v]) => `${k}=${v}`).join(' ')})` : ''}`] : []),
    ...(s.cards ? [`  cards: ${s.cards.distinct} shared, limit ${s.cards.dailyLimit}: ${s.cards.checks} checks, ${s.cards.approved} approved (${s.cards.approvedAmount}), ${s.cards.rejected} rejected`] : []),
    ...(s.cards?.kiosksByJourney ? [`  kiosk journeys: ${Object.entries(s.cards.kiosksByJourney).map(([j, n]) => `${j}=${n}`).join(' ')}`] : []),
    ...s.thresholds.map((t) => `  threshold ${t.expression}: ${t.pass ? 'pass' : 'FAIL'} (actual ${t.actual ?? 'no data'})`),
  ];
  return `${lines.join('\n')}\n`;
}

function version(): string {
  try {
    return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
