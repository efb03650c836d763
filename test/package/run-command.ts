import { spawn, type ChildProcess } from 'node:child_process';

/** What a finished command left. */
export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runCommand} and {@link startCommand}. */
export interface CommandOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Text for standard input (none: stdin is closed). */
  input?: string;
  /** Kill the command after this long; the test then fails on the result, not on a hang. */
  timeoutMs?: number;
}

/**
 * The environment of a command run as a user runs it: `npm test`'s own npm_* variables (its prefix, its
 * lifecycle event, its config) would leak into the npm and npx calls under test.
 */
export function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...extra };
}

/** Runs a command to its end and returns its exit code and output. */
export function runCommand(command: string, args: string[], options: CommandOptions): Promise<CommandResult> {
  return finished(launch(command, args, options), options.timeoutMs ?? 120_000);
}

/** A command that runs until it is told to stop. */
export interface RunningCommand {
  child: ChildProcess;
  /** Everything it printed so far, both streams. */
  output: () => string;
  /** Resolves once its output matches `pattern`; rejects when it exits first or `timeoutMs` passes. */
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpExecArray>;
  /** Sends `signal` and resolves with how it ended. */
  stop: (signal?: NodeJS.Signals) => Promise<CommandResult>;
}

/** Starts a long-running command (serve, kiosk, a load run) and hands back the means to watch and stop it. */
export function startCommand(command: string, args: string[], options: CommandOptions): RunningCommand {
  const child = launch(command, args, options);
  const result = finished(child, options.timeoutMs ?? 120_000);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return {
    child,
    output: () => out,
    waitFor: (pattern, timeoutMs = 30_000) => new Promise((resolve, reject) => {
      const check = (): boolean => {
        const match = pattern.exec(out);
        if (!match) return false;
        cleanup();
        resolve(match);
        return true;
      };
      const onData = (): void => void check();
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no ${pattern} within ${timeoutMs} ms; it printed:\n${out}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
      };
      if (check()) return;
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      void result.then((r) => {
        if (check()) return;
        cleanup();
        reject(new Error(`exited (${r.code ?? r.signal}) before ${pattern}; it printed:\n${out}`));
      });
    }),
    stop: (signal = 'SIGINT') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return result;
    },
  };
}

function launch(command: string, args: string[], options: CommandOptions): ChildProcess {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? userEnv(), stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  if (options.input !== undefined) child.stdin?.end(options.input);
  return child;
}

function finished(child: ChildProcess, timeoutMs: number): Promise<CommandResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
