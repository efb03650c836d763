import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedTimings } from '../../cli/commands/certify.js';
import { installedPackage, repository, type InstalledPackage } from './installed-package.js';
import { exitCodeFor, exitCodeTable, readmeCommands } from './readme-commands.js';
import { runCommand, startCommand, type RunningCommand } from './run-command.js';

/**
 * Every paysock command the README shows is run here, through the installed bin, in README order (later
 * commands read what earlier ones wrote: `report` the certify results, `load compare` the load summary).
 * Only what the README cannot mean literally on this machine is rewritten: hosts and ports (to servers this test
 * starts on 127.0.0.1), durations, timings and terminal counts (scaled down), and files (fixtures in the folder
 * the commands run in). The exit code each must give is read from the README's own exit-code table.
 */
const readme = readFileSync(join(repository, 'README.md'), 'utf8');
const commands = readmeCommands(readme);
const exits = exitCodeTable(readme);

/** README commands that cannot run here, each with the reason. None today; an entry must name a README line. */
const cannotRunHere = new Map<string, string>();

/** The servers the commands are pointed at, and the folder they run in. */
interface Rig {
  dir: string;
  /** ws://, no authentication, test control. */
  plain: string;
  /** wss:// with the examples' tokens (examples/tokens.json), test control. */
  secureTokens: string;
  /** wss://, no authentication, test control. */
  secure: string;
  /** ws://, protocol v2 (--profile pinto-android-2), test control. */
  v2: string;
}

/** How one kind of README command is run. */
interface Scenario {
  /** The README commands it runs (matched after `npx `). */
  matches: RegExp;
  /** The words of the README's exit-code table that say what this command's outcome must be. */
  outcome: string;
  /** Commands that run until a signal: what they print once they are up. */
  upWhen?: RegExp;
  /** The command line to run here. */
  rewrite: (line: string, rig: Rig) => string;
  /** Files the command reads that an earlier command wrote. */
  before?: (rig: Rig) => void;
}

/** The URLs the README uses, and the test server each stands for. */
function urlsOf(rig: Rig): [string, string][] {
  return [['ws://127.0.0.1:8080/', rig.plain], ['wss://kiosk.test/', rig.secure], ['wss://backend.example/ws', rig.secureTokens], ['ws://127.0.0.1:5001/', rig.v2]];
}

function pointUrls(line: string, rig: Rig): string {
  let out = line;
  for (const [readmeUrl, url] of urlsOf(rig)) out = out.split(readmeUrl).join(url);
  const unknown = /\bwss?:\/\/(?!127\.0\.0\.1:(?!(8080|5001)\/))\S+/.exec(out);
  if (unknown) throw new Error(`the README command uses ${unknown[0]}, which this test does not stand a server for: add it to urlsOf`);
  return out;
}

/** Sets `--flag value`, replacing the README's value or adding the flag. */
function setFlag(line: string, flag: string, value: string): string {
  const present = new RegExp(`(--${flag})(=|\\s+)('[^']*'|"[^"]*"|\\S+)`);
  return present.test(line) ? line.replace(present, `$1 ${value}`) : `${line} --${flag} ${value}`;
}

/** The certify flags that declare the test servers' timings (the embedded reference server's short ones). */
function shortTimings(line: string): string {
  let out = line;
  for (const [flag, ms] of [['idle-timeout-ms', embeddedTimings.idleTimeoutMs], ['step-delay-ms', embeddedTimings.stepDelayMs],
    ['processing-ms', embeddedTimings.processingMs], ['processor-timeout-ms', embeddedTimings.processorTimeoutMs],
    ['device-error-ms', embeddedTimings.deviceErrorMs], ['ping-interval-ms', embeddedTimings.pingIntervalMs]] as const) out = setFlag(out, flag, String(ms));
  return out;
}

const helpOrList = 'help or the case list printed';
const scenarios: Scenario[] = [
  { matches: /^paysock --help$/, outcome: helpOrList, rewrite: (l) => l },
  { matches: /^paysock certify( .*)? --list\b/, outcome: helpOrList, rewrite: (l) => l },
  { matches: /^paysock certify wss?:\/\//, outcome: 'conformant (`certify`)', rewrite: (l, rig) => shortTimings(pointUrls(l, rig)) },
  { matches: /^paysock certify --target examples\/target\.json/, outcome: 'conformant (`certify`)', rewrite: (l) => l },
  { matches: /^paysock certify --embedded\b/, outcome: 'conformant (`certify`)', rewrite: (l) => l },
  { matches: /^paysock report reports\/results\.json/, outcome: 'reports written (`report`', rewrite: (l) => l },
  { matches: /^paysock keygen\b/, outcome: 'keys written (`keygen`)', rewrite: (l) => l },
  { matches: /^paysock verify\b/, outcome: 'the certificate and every report file beside it match (`verify`)', rewrite: (l) => l },
  {
    matches: /^paysock report --matrix\b/, outcome: 'reports written (`report`', rewrite: (l) => l,
    // Two vendors' results: the README's earlier certify runs stand for them.
    before: (rig) => {
      for (const vendor of ['vendor-a', 'vendor-b']) {
        mkdirSync(join(rig.dir, vendor), { recursive: true });
        copyFileSync(join(rig.dir, 'reports', 'results.json'), join(rig.dir, vendor, 'results.json'));
      }
    },
  },
  {
    matches: /^paysock serve\b/, outcome: 'clean shutdown (`serve`, `kiosk`)', upWhen: /listening on /,
    // 0.0.0.0 would listen beyond loopback; port 0 keeps parallel test files from meeting on 8080.
    rewrite: (l) => setFlag(l.replace('--host 0.0.0.0', '--host 127.0.0.1'), 'port', '0'),
  },
  {
    matches: /^paysock load compare\b/, outcome: 'no regression (`load compare`)', rewrite: (l) => l,
    // The baseline is the summary of the README's own load run (no regression against itself).
    before: (rig) => copyFileSync(join(rig.dir, 'reports', 'load', 'load-summary.json'), join(rig.dir, 'baseline.json')),
  },
  {
    matches: /^paysock load wss?:\/\//, outcome: 'every threshold passed and the run measured something (`load`)',
    // Thresholds of milliseconds are scaled up, not down: timing never decides a test, and this machine runs other tests meanwhile.
    // A v2 kiosk's payment takes longer (card check, limit check, the card terminal's own second): 8 s measures some.
    rewrite: (l, rig) => [['terminals', '40'], ['ramp-up', '1s'], ['duration', l.includes('pinto-android-2') ? '8s' : '4s'], ['threshold', "'p99<60000'"]]
      .reduce((line, [flag, value]) => setFlag(line, flag!, value!), pointUrls(l, rig)),
  },
  { matches: /^paysock validate\b/, outcome: 'every message valid (`validate`)', rewrite: (l) => l },
  {
    matches: /^paysock kiosk\b/, outcome: 'clean shutdown (`serve`, `kiosk`)', upWhen: /paysock kiosk: open http/,
    rewrite: (l, rig) => setFlag(pointUrls(l, rig), 'port', '0'),
  },
];

function scenarioOf(line: string): Scenario[] {
  const bare = line.replace(/^npx /, '');
  return scenarios.filter((s) => s.matches.test(bare));
}

let pkg: InstalledPackage;
let rig: Rig;
const servers: RunningCommand[] = [];

beforeAll(async () => {
  pkg = await installedPackage();
  const dir = mkdtempSync(join(tmpdir(), 'paysock-readme-'));
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] }],
  });
  // The files the README's commands name, as a user would have them beside them.
  writeFileSync(join(dir, 'cert.pem'), pems.cert);
  writeFileSync(join(dir, 'key.pem'), pems.private);
  writeFileSync(join(dir, 'ca.pem'), pems.cert);
  copyFileSync(join(repository, 'examples', 'tokens.json'), join(dir, 'tokens.json'));
  copyFileSync(join(import.meta.dirname, 'fixtures', 'messages.jsonl'), join(dir, 'messages.jsonl'));
  copyFileSync(join(import.meta.dirname, 'fixtures', 'actions.jsonl'), join(dir, 'actions.jsonl'));
  copyFileSync(join(import.meta.dirname, 'fixtures', 'backend-v2.jsonl'), join(dir, 'backend-v2.jsonl'));
  copyFileSync(join(import.meta.dirname, 'fixtures', 'kiosk-v2.txt'), join(dir, 'kiosk-v2.txt'));
  const timings = ['--idle-timeout', embeddedTimings.idleTimeoutMs, '--step-delay', embeddedTimings.stepDelayMs, '--processing-time', embeddedTimings.processingMs,
    '--processor-timeout', embeddedTimings.processorTimeoutMs, '--device-error-time', embeddedTimings.deviceErrorMs, '--ping-interval', embeddedTimings.pingIntervalMs].map(String);
  const serve = async (extra: string[]): Promise<string> => {
    const server = startCommand(pkg.bin, ['serve', '--port', '0', '--data-dir', ':memory:', '--test-control', '--log-level', 'warn', ...timings, ...extra], { cwd: dir });
    servers.push(server);
    return (await server.waitFor(/listening on (\S+) /))[1]!;
  };
  const tls = ['--tls-cert', 'cert.pem', '--tls-key', 'key.pem'];
  const v2 = startCommand(pkg.bin, ['serve', '--profile', 'pinto-android-2', '--port', '0', '--data-dir', ':memory:', '--test-control', '--log-level', 'warn'], { cwd: dir });
  servers.push(v2);
  const [plain, secureTokens, secure, v2Url] = await Promise.all([serve([]), serve([...tls, '--auth', 'tokens', '--tokens-file', 'tokens.json']), serve(tls),
    v2.waitFor(/listening on (\S+) /).then((m) => m[1]!)]);
  rig = { dir, plain: plain!, secureTokens: secureTokens!, secure: secure!, v2: v2Url };
  // examples/target.json, pointed at the tokens server with the short timings and this CA; everything else as the README's.
  const target = JSON.parse(readFileSync(join(repository, 'examples', 'target.json'), 'utf8')) as Record<string, unknown>;
  mkdirSync(join(dir, 'examples'));
  copyFileSync(join(dir, 'ca.pem'), join(dir, 'examples', 'ca.pem'));
  writeFileSync(join(dir, 'examples', 'target.json'), JSON.stringify({ ...target, $schema: undefined, url: rig.secureTokens, timings: { ...embeddedTimings } }, null, 2));
}, 300_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop('SIGTERM')));
  if (rig) rmSync(rig.dir, { recursive: true, force: true });
});

describe('the README', () => {
  it('shows paysock commands, and an exit-code table with 0, 1 and 2', () => {
    expect(commands.length).toBeGreaterThan(10);
    expect([...exits.keys()].sort()).toEqual([0, 1, 2]);
  });

  it('still shows every command listed as unable to run here', () => {
    for (const line of cannotRunHere.keys()) expect(commands).toContain(line);
  });

  describe.each(commands.map((line, i) => ({ line, i })))('command $i: $line', ({ line }) => {
    it('runs through the installed bin with the exit code of the README\'s table', async () => {
      if (cannotRunHere.has(line)) return;
      const matched = scenarioOf(line);
      expect(matched.length, `${line}\nruns under ${matched.length} scenarios of this test: give it one, or list it in cannotRunHere with the reason`).toBe(1);
      const scenario = matched[0]!;
      const expected = exitCodeFor(exits, scenario.outcome);
      scenario.before?.(rig);
      const local = scenario.rewrite(line.replace(/^(npx )?paysock/, 'paysock'), rig);
      const shell = `exec ${JSON.stringify(pkg.bin)}${local.slice('paysock'.length)}`;
      let result;
      if (scenario.upWhen) {
        const running = startCommand('bash', ['-c', shell], { cwd: rig.dir });
        await running.waitFor(scenario.upWhen);
        result = await running.stop('SIGINT');
      } else {
        result = await runCommand('bash', ['-c', shell], { cwd: rig.dir, timeoutMs: 90_000 });
      }
      expect(result.code, `${local}\n${result.stdout}\n${result.stderr}`).toBe(expected);
    }, 100_000);
  });
});
