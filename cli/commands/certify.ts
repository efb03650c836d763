import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { PaysockCommand } from './command.js';
import { UsageError } from '../usage-error.js';
import { printCaseList, selectionAndFormats } from './case-list.js';
import { targetFromArgs } from './target-args.js';
import { featureNames, resolveTarget, validateTarget, type FeatureName, type ResolvedTarget } from '../../conformance/target.js';
import type { ConformanceTarget } from '../../protocol/types/generated-formats.js';
import { defaultProfile } from '../../protocol/profiles/index.js';
import { profileChoices, v1ProfileOnly } from '../profile-option.js';
import type { ServerConfig } from '../../reference-server/index.js';
import { parseTokens } from '../../load/driver/tokens.js';

/** Short timings of the embedded reference server, so the full suite runs in seconds. */
export const embeddedTimings = {
  idleTimeoutMs: 1_500,
  stepDelayMs: 100,
  processingMs: 100,
  processorTimeoutMs: 600,
  deviceErrorMs: 600,
  pingIntervalMs: 500,
} as const satisfies Partial<ServerConfig>;

/** The target description of an embedded reference server at `url`. */
export function embeddedTarget(url: string): ConformanceTarget {
  return {
    url,
    timings: { ...embeddedTimings },
    features: { otherKeypad: true, payByBank: true, testControl: true, auth: false, tls: false },
  };
}

/** `paysock certify [url]`: runs the conformance suite against a backend. */
export const certifyCommand: PaysockCommand = {
  command: 'certify [url]',
  describe: 'Certify a backend against the v1 protocol (conformance suite); --embedded certifies the reference server',
  builder: (y) =>
    y
      .positional('url', { type: 'string', describe: 'WebSocket URL of the backend (ws:// or wss://)' })
      .option('target', { type: 'string', describe: 'Target description JSON (schemas/formats/conformance-target.schema.json)' })
      .option('profile', { choices: profileChoices, describe: `Terminal dialect to speak (default ${defaultProfile}; pinto-android-2 runs the protocol v2 suite)` })
      .option('list', { type: 'boolean', default: false, describe: 'List the cases and exit' })
      .option('case', { type: 'string', array: true, default: [] as string[], describe: 'Run only this case id or id prefix (repeatable)' })
      .option('grep', { type: 'string', describe: 'Run only cases whose id or title matches this regex' })
      .option('concurrency', { type: 'number', default: 8, describe: 'Cases run at once' })
      .option('report-dir', { type: 'string', default: 'reports', describe: 'Where the reports go' })
      .option('formats', { type: 'string', default: 'html,junit,json', describe: 'Report formats: html,junit,json' })
      .option('timeout-scale', { type: 'number', default: 1, describe: 'Multiply every wait (slow links)' })
      .option('embedded', { type: 'boolean', default: false, describe: 'Start the reference server on 127.0.0.1 with short timings and certify it' })
      .option('feature', { type: 'string', array: true, default: [] as string[], describe: `Declare an optional feature (${featureNames.join(', ')})` })
      .option('token-a', { type: 'string', describe: 'Bearer token of terminal A (auth on)' })
      .option('token-b', { type: 'string', describe: 'Bearer token of terminal B (isolation cases)' })
      .option('tokens-file', { type: 'string', describe: 'Authentication on (AUTH-2): a pool of test terminals, JSON object token -> terminal id (as paysock serve reads) or array of tokens; each case gets terminals no earlier case used while the pool lasts' })
      .option('tls-ca', { type: 'string', describe: 'PEM file of a CA or self-signed certificate to trust on wss:// (TRN-5)' })
      .option('tls-insecure', { type: 'boolean', describe: 'Accept any wss:// certificate (test rigs only)' })
      .option('idle-timeout-ms', { type: 'number', describe: "The backend's idle timeout on KEYPAD, PAYMENT_METHOD, FAILED, LIMIT_ERROR (FLOW-15)" })
      .option('step-delay-ms', { type: 'number', describe: "The backend's delay of each step after SUCCESS (FLOW-11)" })
      .option('processing-ms', { type: 'number', describe: "How long the backend's processor takes to answer" })
      .option('processor-timeout-ms', { type: 'number', describe: "The backend's processor timeout before FAILED PAYMENT_TIMEOUT (FLOW-10)" })
      .option('device-error-ms', { type: 'number', describe: 'How long DEVICE_ERROR after a printer fault lasts (FLOW-20)' })
      .option('sign', { type: 'string', describe: 'Sign certificate.json (written beside the reports) with this Ed25519 private key, PEM (paysock keygen)' })
      .option('ping-interval-ms', { type: 'number', describe: "Interval of the backend's own WebSocket pings (TRN-8); without it the TRN-8 cases are N/A" })
      .group(['idle-timeout-ms', 'step-delay-ms', 'processing-ms', 'processor-timeout-ms', 'device-error-ms', 'ping-interval-ms'], 'Target timings (or --target):'),
  handler: async (args) => {
    // Protocol v2 has its own suite, which plays d540407 kiosks (conformance/v2/).
    if (args.profile === 'pinto-android-2') return (await import('./certify-v2.js')).certifyV2(args);
    const profile = v1ProfileOnly('certify', args.profile);
    // Loaded here, not at the top: every other command (paysock load above all) would pay for the suite and the renderers.
    const [{ allCases }, { runSuite, selectCases }, { formatSummary }, { parseReportFormats, writeReports }, { startReferenceServer }, { preflight }, { couldNotRunResults }] = await Promise.all([
      import('../../conformance/cases/index.js'), import('../../conformance/runner.js'), import('../../conformance/summary.js'),
      import('../../conformance/report/index.js'), import('../../reference-server/index.js'), import('../../conformance/preflight.js'),
      import('../../conformance/could-not-run.js'),
    ]);
    let grep: RegExp | undefined;
    try {
      grep = typeof args.grep === 'string' ? new RegExp(args.grep) : undefined;
    } catch (error) {
      throw new UsageError(`--grep: ${(error as Error).message}`);
    }
    const selected = selectCases(allCases, (args.case as string[]) ?? [], grep);
    if (args.list) return printCaseList(selected, `${selected.length} cases`);
    const formats = selectionAndFormats(selected, args.formats, parseReportFormats);
    const scale = Number(args['timeout-scale']);
    if (!(scale > 0)) throw new UsageError('--timeout-scale must be a positive number');
    const concurrency = Number(args.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError('--concurrency must be a positive integer');

    const signingKey = await readSigningKey(args.sign);
    // Every usage check (the target file, the flags) comes before the embedded server starts.
    const described = args.embedded ? undefined : describeTarget(args);
    const server = args.embedded
      ? await startReferenceServer({ host: '127.0.0.1', port: 0, testControl: true, config: { ...embeddedTimings } })
      : undefined;
    try {
      const description = server ? embeddedTarget(server.url) : (described as ConformanceTarget);
      let target: ResolvedTarget;
      try {
        target = resolveTarget(description, profile);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const command = commandLine(args, target);
      const started = Date.now();
      // A backend the suite cannot reach gets no verdict: one line, exit 2, and a report saying the run could not start.
      const reachable = await preflight(target, Math.round(5_000 * scale));
      if (!reachable.ok) {
        const results = couldNotRunResults({ target, cases: selected, reason: reachable.reason, command, startedAt: new Date(started) });
        const written = await writeReports(results, String(args['report-dir']), formats);
        for (const path of written) process.stdout.write(`report: ${path}\n`);
        process.stderr.write(`paysock: ${reachable.reason}\n`);
        return 2;
      }
      process.stdout.write(`paysock certify: ${selected.length} cases against ${target.url} (profile ${target.profile})\n`);
      const { formatPlan } = await import('../../conformance/pool-runner.js');
      const results = await runSuite({ target, cases: selected, concurrency, timeoutScale: scale, command, onPlan: (plan) => process.stdout.write(`${formatPlan(plan)}\n`) });
      process.stdout.write(`${formatSummary(results, Date.now() - started)}\n`);
      const { writeCertifiedReports } = await import('../../conformance/certificate/issue.js');
      const written = await writeCertifiedReports(results, String(args['report-dir']), formats, { target, cases: selected, key: signingKey });
      for (const path of written) process.stdout.write(`report: ${path}\n`);
      if (results.verdict === 'INCOMPLETE' || results.verdict === 'COULD_NOT_RUN') return 2;
      return results.verdict === 'CONFORMANT' ? 0 : 1;
    } finally {
      await server?.close();
    }
  },
};

/** The private key of --sign, read before anything runs; a UsageError naming what is wrong with it. */
async function readSigningKey(file: unknown): Promise<KeyObject | undefined> {
  if (typeof file !== 'string') return undefined;
  const { readPrivateKey } = await import('../../conformance/certificate/keys.js');
  try {
    return readPrivateKey(file);
  } catch (error) {
    throw new UsageError(`--sign: ${(error as Error).message}`);
  }
}

/** Builds the target description from --target and flags (flags win). */
function describeTarget(args: Record<string, unknown>): ConformanceTarget {
  const target = targetFromArgs(args, 'paysock certify <url>, --target target.json, or --embedded');
  for (const f of args.feature as string[]) {
    if (!featureNames.includes(f as FeatureName)) throw new UsageError(`unknown feature "${f}" (choose from ${featureNames.join(', ')})`);
    target.features = { ...target.features, [f]: true };
  }
  if (typeof args['token-a'] === 'string' || typeof args['token-b'] === 'string') {
    if (typeof args['token-a'] !== 'string' || typeof args['token-b'] !== 'string') throw new UsageError('--token-a and --token-b go together');
    target.auth = { ...target.auth, mode: 'tokens', tokens: { A: args['token-a'], B: args['token-b'] } };
  }
  if (typeof args['tokens-file'] === 'string') target.auth = { ...target.auth, mode: 'tokens', pool: readPool(args['tokens-file']) };
  if (typeof args['tls-ca'] === 'string') target.tls = { ...target.tls, caFile: args['tls-ca'] };
  if (args['tls-insecure'] === true) target.tls = { ...target.tls, insecure: true };
  const timing = (flag: string, key: keyof NonNullable<ConformanceTarget['timings']>): void => {
    if (args[flag] !== undefined) target.timings = { ...target.timings, [key]: Number(args[flag]) };
  };
  timing('idle-timeout-ms', 'idleTimeoutMs');
  timing('step-delay-ms', 'stepDelayMs');
  timing('processing-ms', 'processingMs');
  timing('processor-timeout-ms', 'processorTimeoutMs');
  timing('device-error-ms', 'deviceErrorMs');
  timing('ping-interval-ms', 'pingIntervalMs');
  const problems = validateTarget(target);
  if (problems.length > 0) throw new UsageError(`invalid target: ${problems.join('; ')}`);
  return target;
}

/** The tokens of a --tokens-file, the shapes `paysock serve` and `paysock load` read; a UsageError naming the problem otherwise. */
function readPool(file: string): [string, ...string[]] {
  let tokens: string[];
  try {
    tokens = parseTokens(readFileSync(file, 'utf8'), file);
  } catch (error) {
    const message = (error as NodeJS.ErrnoException).code ? `--tokens-file ${file}: ${(error as Error).message}` : (error as Error).message;
    throw new UsageError(message);
  }
  const [first, ...rest] = tokens;
  if (first === undefined) throw new UsageError(`--tokens-file ${file} holds no token`);
  return [first, ...rest];
}

function commandLine(args: Record<string, unknown>, target: ResolvedTarget): string {
  const parts = ['paysock certify'];
  if (args.embedded) parts.push('--embedded');
  else if (typeof args.target === 'string') parts.push(`--target ${args.target}`);
  else parts.push(target.url);
  if (args.profile) parts.push(`--profile ${String(args.profile)}`);
  if (typeof args['tokens-file'] === 'string') parts.push(`--tokens-file ${args['tokens-file']}`);
  if (typeof args['tls-ca'] === 'string') parts.push(`--tls-ca ${args['tls-ca']}`);
  if (args['tls-insecure'] === true) parts.push('--tls-insecure');
  if (Number(args['timeout-scale']) !== 1) parts.push(`--timeout-scale ${String(args['timeout-scale'])}`);
  for (const c of (args.case as string[]) ?? []) parts.push(`--case ${c}`);
  return parts.join(' ');
}
