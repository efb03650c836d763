import { describe, expect, it } from 'vitest';
import { checkedFolders, compareWithAllowList, findCycles, knownCycles } from '../../scripts/import-cycles.mjs';

describe('import cycles', () => {
  it('finds a cycle of type-only imports, once whichever file it starts from, and calls it new when no allow-list names it', async () => {
    const found = await findCycles(['test/architecture/fixtures/cycle'], { exclude: '(^|/)node_modules/' });
    expect(found).toEqual(['test/architecture/fixtures/cycle/a.ts -> test/architecture/fixtures/cycle/b.ts']);
    expect(compareWithAllowList(found, [])).toEqual({ added: found, gone: [] });
    expect(compareWithAllowList(found, [{ cycle: found[0]!, why: 'test' }])).toEqual({ added: [], gone: [] });
  });

  it('calls a listed cycle that is no longer found gone, so the allow-list can only shrink', () => {
    expect(compareWithAllowList([], [{ cycle: 'x.ts -> y.ts', why: 'fixed since' }])).toEqual({ added: [], gone: ['x.ts -> y.ts'] });
  });

  it('the repository has no cycle but the known ones of scripts/known-cycles.json, and each of those is still there', async () => {
    const allowed = knownCycles();
    for (const entry of allowed) expect(entry.why, entry.cycle).not.toBe('');
    expect(compareWithAllowList(await findCycles(checkedFolders), allowed)).toEqual({ added: [], gone: [] });
  });
});
