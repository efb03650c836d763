import { vi } from 'vitest';
import { main } from '../../cli/program.js';

/** Runs `paysock <argv>` in this process: its exit code and what it wrote to stdout (stderr silenced). */
export async function runCli(argv: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await main(argv), stdout };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
