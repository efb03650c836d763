import { generate } from 'selfsigned';
import { embeddedTarget, embeddedTimings } from '../../cli/commands/certify.js';
import { allCases } from '../../conformance/cases/index.js';
import type { RunResults } from '../../conformance/results.js';
import { runSuite, selectCases } from '../../conformance/runner.js';
import { resolveTarget } from '../../conformance/target.js';
import type { TerminalProfile } from '../../protocol/validator.js';
import { startReferenceServer } from '../../reference-server/index.js';

/** Options of one suite run against a fresh embedded reference server. */
export interface EmbeddedRun {
  faults?: string[];
  cases?: string[];
  profile?: TerminalProfile;
  /** Run the reference server with bearer tokens (and declare the auth feature). */
  auth?: boolean;
  concurrency?: number;
  /** Serve wss:// with a self-signed certificate made here (the target trusts it with tls.insecure). */
  tls?: boolean;
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

const TOKENS = { A: 'paysock-test-token-a', B: 'paysock-test-token-b' };

/** Starts a reference server (loopback, short timings, test control on), certifies it, stops it. */
export async function certifyEmbedded(run: EmbeddedRun = {}): Promise<RunResults> {
  const server = await startReferenceServer({
    host: '127.0.0.1',
    port: 0,
    testControl: true,
    config: { ...embeddedTimings },
    faults: run.faults ?? [],
    ...(run.tls ? { tls: await testCertificate() } : {}),
    ...(run.auth ? { auth: { mode: 'tokens' as const, tokens: { [TOKENS.A]: 'terminal-a', [TOKENS.B]: 'terminal-b' } } } : {}),
  });
  try {
    const description = embeddedTarget(server.url);
    if (run.tls) {
      description.tls = { insecure: true };
      description.features = { ...description.features, tls: true };
    }
    if (run.auth) {
      description.auth = { mode: 'tokens', tokens: TOKENS };
      description.features = { ...description.features, auth: true };
    }
    const target = resolveTarget(description, run.profile);
    return await runSuite({ target, cases: selectCases(allCases, run.cases ?? []), concurrency: run.concurrency ?? 8, timeoutScale: 1 });
  } finally {
    await server.close();
  }
}

/** "id VERDICT: reason" lines of every case that did not pass, for assertion messages. */
export function failures(results: RunResults): string[] {
  return results.cases.filter((c) => c.verdict === 'FAIL' || c.verdict === 'ERROR').map((c) => `${c.id} ${c.verdict}: ${c.reason ?? ''}`);
}
