import { generate } from 'selfsigned';
import { embeddedTarget, embeddedTimings } from '../../cli/commands/certify.js';
import { allCases } from '../../conformance/cases/index.js';
import type { RunResults } from '../../conformance/results.js';
import { runSuite, selectCases } from '../../conformance/runner.js';
import { resolveTarget } from '../../conformance/target.js';
import type { TerminalProfile } from '../../protocol/validator.js';
import { defaultServerConfig } from '../../reference-server/api.js';
import { startReferenceServer } from '../../reference-server/index.js';
import { formatProblem, problemLine } from '../../protocol/format-validators.js';

/** Options of one suite run against a fresh embedded reference server. */
export interface EmbeddedRun {
  faults?: string[];
  /** Legal variants of the reference server (reference-server/variants.ts). */
  variants?: string[];
  cases?: string[];
  profile?: TerminalProfile;
  /** Run the reference server with bearer tokens (and declare the auth feature). */
  auth?: boolean;
  /** With auth: how many test terminals the target's auth.pool declares (default two a selected case, so none is reused). */
  poolSize?: number;
  concurrency?: number;
  /** Serve wss:// with a self-signed certificate made here (the target trusts it with tls.insecure). */
  tls?: boolean;
  /** Leave the reference server's dailyLimit out of the target description (by default it states it, as a vendor would). */
  undeclaredLimit?: boolean;
}

let certificate: Promise<{ cert: string; key: string }> | undefined;
/** One self-signed certificate for 127.0.0.1 per test process (RSA key generation is slow). */
function testCertificate(): Promise<{ cert: string; key: string }> {
  certificate ??= generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  }).then((pems) => ({ cert: pems.cert, key: pems.private }));
  return certificate;
}

/** `count` bearer tokens of distinct terminals, as `paysock serve --tokens-file` reads them (token -> terminal id). */
export function terminalTokens(count: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`paysock-test-token-${i + 1}`, `terminal-${i + 1}`]));
}

/** Starts a reference server (loopback, short timings, test control on), certifies it, stops it. */
export async function certifyEmbedded(run: EmbeddedRun = {}): Promise<RunResults> {
  const cases = selectCases(allCases, run.cases ?? []);
  const tokens = terminalTokens(run.poolSize ?? 2 * cases.length);
  const server = await startReferenceServer({
    host: '127.0.0.1',
    port: 0,
    testControl: true,
    config: { ...embeddedTimings },
    faults: run.faults ?? [],
    variants: run.variants ?? [],
    ...(run.tls ? { tls: await testCertificate() } : {}),
    ...(run.auth ? { auth: { mode: 'tokens' as const, tokens } } : {}),
  });
  try {
    const description = embeddedTarget(server.url);
    if (!run.undeclaredLimit) description.dailyLimit = defaultServerConfig.dailyLimit;
    if (run.tls) {
      description.tls = { insecure: true };
      description.features = { ...description.features, tls: true };
    }
    if (run.auth) {
      const [first, ...rest] = Object.keys(tokens);
      if (first === undefined) throw new Error('poolSize must be at least 1');
      description.auth = { mode: 'tokens', pool: [first, ...rest] };
      description.features = { ...description.features, auth: true };
    }
    const target = resolveTarget(description, run.profile);
    const results = await runSuite({ target, cases, concurrency: run.concurrency ?? 8, timeoutScale: 1 });
    // Every run a test makes is a results.json paysock could write: it must match its schema, whatever the faults.
    const problem = formatProblem('results', JSON.parse(JSON.stringify(results)));
    if (problem) throw new Error(`the run's results.json would not match schemas/formats/results.schema.json: ${problemLine(problem)}`);
    return results;
  } finally {
    await server.close();
  }
}

/** "id VERDICT: reason" lines of every case that did not pass, for assertion messages. */
export function failures(results: RunResults): string[] {
  return results.cases.filter((c) => c.verdict === 'FAIL' || c.verdict === 'ERROR').map((c) => `${c.id} ${c.verdict}: ${c.reason ?? ''}`);
}
