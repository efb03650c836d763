import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { allCases } from '../../conformance/cases/index.js';
import { runSuite } from '../../conformance/runner.js';
import { resolveTarget } from '../../conformance/target.js';

/**
 * "Cannot connect" says nothing about the backend's conformance: every case
 * that meets it is an ERROR (could not run), never a FAIL. The suite is run
 * without the CLI's preflight here, as a library user would.
 */
describe('a refused connection is never a FAIL', () => {
  it('no case FAILs against a port nothing listens on', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const target = resolveTarget({ url: `ws://127.0.0.1:${port}/` });
    const results = await runSuite({ target, cases: allCases, concurrency: 8 });
    const failed = results.cases.filter((c) => c.verdict === 'FAIL').map((c) => `${c.id}: ${c.reason}`);
    expect(failed).toEqual([]);
    // Not a WARN either: a SHOULD case that cannot connect learnt nothing about the backend.
    const warned = results.cases.filter((c) => c.verdict === 'WARN').map((c) => `${c.id}: ${c.reason}`);
    expect(warned).toEqual([]);
    for (const id of ['test-control/5/1', 'test-control/6/1']) {
      const c = results.cases.find((k) => k.id === id);
      expect(c?.verdict, id).toBe('ERROR');
      expect(c?.reason, id).toMatch(/ECONNREFUSED/);
    }
    expect(results.verdict).toBe('INCOMPLETE');
  });
});
