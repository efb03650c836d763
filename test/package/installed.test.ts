import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../cli/commands/index.js';
import { installedPackage, repository, type InstalledPackage } from './installed-package.js';
import { runCommand, startCommand, userEnv, type CommandResult, type RunningCommand } from './run-command.js';

// Installing runs better-sqlite3's native build: a minute on the 2-core machine, longer while other tests run.
const installTimeout = 300_000;
const subcommands = commands.map((c) => c.command.split(' ')[0] ?? c.command);
const refused = 'ws://127.0.0.1:1/';

let pkg: InstalledPackage;
beforeAll(async () => {
  pkg = await installedPackage();
}, installTimeout);

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A new folder to run a command in, so the reports it writes land apart from every other run's. */
function workDir(prefix = 'paysock-run-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

function expectHelp(result: CommandResult): void {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  for (const name of subcommands) expect(result.stdout).toMatch(new RegExp(`^\\s+paysock ${name}\\b`, 'm'));
}

function expectRefused(result: CommandResult): void {
  expect(result.code).toBe(2);
  expect(result.stderr).toBe(`paysock: cannot connect to ${refused}: ECONNREFUSED\n`);
}

describe('the packed tarball', () => {
  it('holds the program, its types, the schemas and the docs, and no tests, reports, data or benchmarks', () => {
    const allowed = [
      /^(package\.json|README\.md|asyncapi\.yaml|asyncapi-v2\.yaml)$/,
      /^dist\/(cli|conformance|kiosk|kiosk-v2|load|protocol|reference-server)\/.+\.(js|d\.ts)$/,
      /^dist\/k6\/paysock\.js$/,
      // The commit the package was built from, for certificates (scripts/build-info.mjs).
      /^dist\/build-info\.json$/,
      /^schemas\/.+\.schema\.json$/,
      /^docs\/(sources\/.+\.(md|txt)|research\/.+\.md|[a-z0-9-]+\.md)$/,
    ];
    const stray = pkg.files.filter((f) => !allowed.some((a) => a.test(f)));
    expect(stray).toEqual([]);
    // What the installed program reads at run time.
    for (const needed of ['dist/cli/main.js', 'dist/protocol/index.d.ts', 'dist/kiosk/kiosk.js', 'dist/k6/paysock.js', 'docs/protocol.md', 'schemas/server-message.schema.json']) {
      expect(pkg.files).toContain(needed);
    }
    // The AsyncAPI documents of v1 and v2, for users' tools (docs/schemas.md).
    for (const document of ['asyncapi.yaml', 'asyncapi-v2.yaml']) expect(pkg.files).toContain(document);
    console.log(`paysock tarball: ${pkg.files.length} files, ${(pkg.size / 1024).toFixed(0)} KiB packed, ${(pkg.unpackedSize / 1024).toFixed(0)} KiB unpacked`);
  });
});

describe('installed from the tarball into a project', () => {
  const viaBin = (args: string[], cwd: string) => runCommand(pkg.bin, args, { cwd });
  const viaNpx = (args: string[], cwd: string) => runCommand('npx', ['paysock', ...args], { cwd });

  it('--help lists every subcommand, through node_modules/.bin and through npx', async () => {
    expectHelp(await viaBin(['--help'], pkg.project));
    expectHelp(await viaNpx(['--help'], pkg.project));
  });

  it('certify of a backend that refuses the connection exits 2 with the one-line reason, through both', async () => {
    expectRefused(await viaBin(['certify', refused], workDir()));
    const dir = join(pkg.project, 'refused');
    mkdirSync(dir, { recursive: true });
    expectRefused(await viaNpx(['certify', refused], dir));
  });

  it('certify --embedded exits 0, prints CONFORMANT and writes the three reports', async () => {
    const dir = workDir();
    const result = await viaBin(['certify', '--embedded'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^CONFORMANT \(\d+ cases/m);
    for (const report of ['conformance.html', 'conformance.junit.xml', 'results.json']) expect(existsSync(join(dir, 'reports', report))).toBe(true);
    expect((JSON.parse(readFileSync(join(dir, 'reports', 'results.json'), 'utf8')) as { verdict: string }).verdict).toBe('CONFORMANT');
    // Its certificate names the commit the package was built from (no .git in an installed package) and verifies
    // against the installed spec, schemas and cases.
    const certificate = JSON.parse(readFileSync(join(dir, 'reports', 'certificate.json'), 'utf8')) as { statement: { paysock: { commit?: string; commitFrom: string } } };
    expect(certificate.statement.paysock).toMatchObject({ commit: expect.stringMatching(/^[0-9a-f]{40}$/), commitFrom: 'build' });
    const verified = await viaBin(['verify', join(dir, 'reports', 'certificate.json')], dir);
    expect(verified.code, verified.stdout).toBe(0);
  }, 60_000);

  it('serve, load and kiosk start, and stop with exit 0 on a signal', async () => {
    const cwd = workDir();
    const serve = startCommand(pkg.bin, ['serve', '--port', '0', '--data-dir', ':memory:', '--step-delay', '50', '--processing-time', '50'], { cwd });
    const started: RunningCommand[] = [serve];
    try {
      const [, url, httpUrl] = await serve.waitFor(/listening on (\S+) \(health and metrics on (\S+)\)/);
      const load = startCommand(pkg.bin, ['load', url!, '--terminals', '5', '--duration', '5m', '--think-time', '10ms'], { cwd });
      started.push(load);
      // Stopped once the server has counted ten finished transactions: the driver has then seen some of them end, so
      // the run measured something (exit 0; a run that completed none exits 1).
      await untilMetric(`${httpUrl!}/metrics`, /^paysock_transactions_total\{[^}]*\} [1-9]\d+$/m);
      const loadEnd = await load.stop('SIGINT');
      expect(loadEnd.stdout).toMatch(/transactions: [1-9]\d* completed/);
      expect(loadEnd.code, loadEnd.stdout + loadEnd.stderr).toBe(0);
      const kiosk = startCommand(pkg.bin, ['kiosk', '--port', '0', '--backend', url!, '--terminal-id', 'kiosk-1'], { cwd });
      started.push(kiosk);
      const [, page] = await kiosk.waitFor(/open (http:\/\/\S+)/);
      expect((await fetch(page!)).status).toBe(200);
      expect((await kiosk.stop('SIGTERM')).code).toBe(0);
      expect((await serve.stop('SIGTERM')).code).toBe(0);
    } finally {
      // A failed expectation must not leave a server running after the test (stop is a no-op on an ended one).
      await Promise.all(started.map((c) => c.stop('SIGKILL')));
    }
  }, 60_000);

  it("imports parseFrame from 'paysock/protocol' in an ES module", async () => {
    const file = join(pkg.project, 'parse.mjs');
    writeFileSync(file, [
      "import { parseFrame, formatProblem } from 'paysock/protocol';",
      "const ok = parseFrame(JSON.stringify({ messageType: 'SCREEN_CHANGE', screen: 'AMOUNT_SELECT', data: { amounts: [20, 40], showOtherOption: true, currency: '£' }, transactionId: 'initial', timestamp: 1619456789000 }));",
      "const bad = parseFrame(JSON.stringify({ messageType: 'SCREEN_CHANGE', screen: 'LIMIT_ERROR', data: { limit: 300, remaining: '200', currency: '£' }, transactionId: 'T1', timestamp: 1619456789000 }));",
      'console.log(JSON.stringify({ ok: ok.ok, bad: bad.ok ? [] : bad.problems.map(formatProblem) }));',
    ].join('\n'));
    const result = await runCommand(process.execPath, [file], { cwd: pkg.project });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ ok: true, bad: ['/data/remaining must be integer [SCR-7]'] });
  });

  it('a TypeScript file type-checks against the installed types, and a wrong one does not', async () => {
    writeFileSync(join(pkg.project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2023', strict: true, noEmit: true, types: [] },
      include: ['*.ts'],
    }));
    const good = [
      "import { parseFrame, validateTerminalMessage, type ServerMessage, type Problem } from 'paysock/protocol';",
      "const result = parseFrame('{}');",
      'const problems: Problem[] = result.ok ? [] : result.problems;',
      'const first: string | undefined = problems[0]?.requirement;',
      'export function screenOf(message: ServerMessage): string { return message.screen; }',
      "export const valid: boolean = validateTerminalMessage({}, 'pinto-android-1').ok;",
      'export { first };',
    ].join('\n');
    writeFileSync(join(pkg.project, 'uses-types.ts'), good);
    const tsc = join(repository, 'node_modules', 'typescript', 'bin', 'tsc');
    const checked = await runCommand(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: pkg.project });
    expect(checked.stdout + checked.stderr).toBe('');
    expect(checked.code).toBe(0);
    // The same check must be able to fail: a screen is not a number.
    writeFileSync(join(pkg.project, 'wrong-types.ts'), "import type { ServerMessage } from 'paysock/protocol';\nexport function screenOf(message: ServerMessage): number { return message.screen; }\n");
    const wrong = await runCommand(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: pkg.project });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stdout).toMatch(/wrong-types\.ts.*TS2322/);
  });
});

describe('installed globally (npm install -g into a new prefix)', () => {
  let bin: string;
  beforeAll(async () => {
    const prefix = workDir('paysock-global-');
    // --ignore-scripts: the native build of better-sqlite3 is the project install's to prove; this one proves the link
    // npm makes in <prefix>/bin, and --help and a refused certify open no store.
    const install = await runCommand('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--ignore-scripts', pkg.tarball], { cwd: prefix, timeoutMs: installTimeout });
    expect(install.stderr).not.toMatch(/ERR!/);
    expect(install.code).toBe(0);
    bin = join(prefix, 'bin', 'paysock');
  }, installTimeout);

  it('--help lists every subcommand and a refused certify exits 2', async () => {
    expectHelp(await runCommand(bin, ['--help'], { cwd: workDir() }));
    expectRefused(await runCommand(bin, ['certify', refused], { cwd: workDir() }));
  });
});

describe('in the repository, after npm install', () => {
  it('the program file is executable: a link npm made before the build (npx\'s cache of this folder) runs it as it is', () => {
    const mode = statSync(join(repository, 'dist', 'cli', 'main.js')).mode;
    expect((mode & 0o111).toString(8)).toBe('111');
  });

  it('npx paysock and npm exec paysock run the CLI', async () => {
    expectHelp(await runCommand('npx', ['paysock', '--help'], { cwd: repository }));
    expectHelp(await runCommand('npm', ['exec', '--', 'paysock', '--help'], { cwd: repository, env: userEnv() }));
  });

  it('node dist/cli/main.js certify of a refused backend exits 2', async () => {
    expectRefused(await runCommand(process.execPath, [join(repository, 'dist', 'cli', 'main.js'), 'certify', refused], { cwd: workDir() }));
  });
});

async function untilMetric(url: string, pattern: RegExp, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await (await fetch(url)).text();
    if (pattern.test(text)) return;
    if (Date.now() > deadline) throw new Error(`${url} never showed ${pattern}:\n${text}`);
    // The server is another process: its counters can only be read again, not awaited.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
