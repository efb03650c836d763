import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/program.js';

/**
 * A supervisor (or the README test) signals serve and kiosk as soon as they print that they are up. The signal
 * handlers must be in place when that line is written, or the process dies of the signal's default action
 * without closing its connections and store: seen as exit "null, SIGINT" in 3 of 8 quick Ctrl-Cs of the kiosk.
 */
describe.each([
  { name: 'serve', argv: ['serve', '--port', '0', '--data-dir', ':memory:', '--log-level', 'silent'], ready: /listening on/ },
  { name: 'kiosk', argv: ['kiosk', '--port', '0'], ready: /paysock kiosk: open/ },
])('paysock $name', ({ argv, ready }) => {
  afterEach(() => vi.restoreAllMocks());

  it('listens for SIGINT and SIGTERM before it prints that it is up, and a signal then closes it with exit 0', async () => {
    const before = { SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM') };
    let atReadyLine: { SIGINT: number; SIGTERM: number } | undefined;
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      if (atReadyLine === undefined && ready.test(String(chunk))) {
        atReadyLine = { SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM') };
        // As the signal would arrive: right after the line, before anything else runs.
        queueMicrotask(() => process.emit('SIGINT'));
      }
      return true;
    });
    const code = await main(argv);
    expect(atReadyLine).toEqual({ SIGINT: before.SIGINT + 1, SIGTERM: before.SIGTERM + 1 });
    expect(code).toBe(0);
    expect({ SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM') }).toEqual(before);
  });
});
