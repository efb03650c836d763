import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { packagePath } from '../../protocol/package-root.js';

const cli = packagePath('dist', 'cli', 'main.js');

beforeAll(() => {
  if (!existsSync(cli)) execFileSync('npm', ['run', 'build'], { cwd: packagePath(), stdio: 'ignore' });
});

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, [cli, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { status: 0, stdout, stderr: '' };
  } catch (error) {
    const e = error as { status: number | null; stdout: string; stderr: string };
    return { status: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('paysock CLI', () => {
  it('--help lists every subcommand', () => {
    const { status, stdout } = run(['--help']);
    expect(status).toBe(0);
    for (const command of ['certify', 'validate', 'serve', 'report', 'load']) expect(stdout).toMatch(new RegExp(`paysock ${command}\\b`));
  });

  it('an unknown command is a usage error: one line, exit 2', () => {
    const { status, stderr } = run(['certfy']);
    expect(status).toBe(2);
    expect(stderr).toMatch(/^paysock: /);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('a reader that closes the pipe early ends the output without a stack trace', async () => {
    const child = spawn(process.execPath, [cli, 'certify', '--list'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Read one chunk, then go away like `head -1` does.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });

  it('validate reads messages from stdin and names the broken rule', () => {
    const message = JSON.stringify({ messageType: 'SCREEN_CHANGE', screen: 'LIMIT_ERROR', data: { limit: 300, remaining: '200', currency: '£' }, transactionId: 'T1', timestamp: 1 });
    let result: { status: number | null; stdout: string };
    try {
      result = { status: 0, stdout: execFileSync(process.execPath, [cli, 'validate', '-'], { input: message + '\n', encoding: 'utf8' }) };
    } catch (error) {
      result = error as { status: number | null; stdout: string };
    }
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('-:1: FAIL /data/remaining must be integer [SCR-7]');
    expect(result.stdout).toContain('0 valid, 1 invalid');
  });

  it('validate --profile pinto-android-2 reads pretty-printed kiosk frames and compact lines, and names v2 rules both ways', () => {
    const pretty = JSON.stringify({ messageType: 'CARD_CHECK_RESULT', screen: 'PROCESSING', data: { cardToken: 'null', selectedAmount: 60 }, transactionId: 'T1', timestamp: 1714000000000 }, null, 4);
    const reset = JSON.stringify({ messageType: 'USER_ACTION', screen: 'RESET', data: null, transactionId: 'T1', timestamp: 1714000000000 });
    const kiosk = runWithInput(['validate', '-', '--from', 'terminal', '--profile', 'pinto-android-2'], `${pretty}\n{"ping":true}\n${reset}\n`);
    expect(kiosk.status).toBe(1);
    expect(kiosk.stdout).toContain(`-:${pretty.split('\n').length + 2}: FAIL /data is not written by the kiosk in this message [V2-KIO-4]`);
    expect(kiosk.stdout).toContain('2 valid, 1 invalid');

    const backend = runWithInput(['validate', '-', '--profile', 'pinto-android-2'], JSON.stringify({ messageType: 'SCREEN_CHANGE', screen: 'AMOUNT_SELECT', data: { amounts: [20, 60.5], currency: '£' }, transactionId: 'T2', timestamp: 1714000000000 }) + '\n');
    expect(backend.status).toBe(1);
    expect(backend.stdout).toContain('-:1: FAIL /data/amounts/1 must be integer [V2-AMT-1]');
    // The same frame under v1 names v1's rule: the v1 profiles are unchanged.
    const v1 = runWithInput(['validate', '-'], JSON.stringify({ messageType: 'LIMIT_CHECK_RESULT', screen: 'APPROVED', data: {}, transactionId: 'T2', timestamp: 1714000000000 }) + '\n');
    expect(v1.stdout).toMatch(/FAIL \/messageType .*\[ENV-14\]/);
    expect(runWithInput(['validate', '-', '--profile', 'pinto-android-2'], JSON.stringify({ messageType: 'LIMIT_CHECK_RESULT', screen: 'APPROVED', data: {}, transactionId: 'T2', timestamp: 1714000000000 }) + '\n').status).toBe(0);
  });
});

function runWithInput(args: string[], input: string): { status: number | null; stdout: string } {
  try {
    return { status: 0, stdout: execFileSync(process.execPath, [cli, ...args], { input, encoding: 'utf8' }) };
  } catch (error) {
    return error as { status: number | null; stdout: string };
  }
}
