import { describe, expect, it } from 'vitest';
import { meetsObjective, searchCapacity } from '../../bench/capacity-search.js';

/** A synthetic server: p99 jumps past 20 ms above `edge` tx/s, and it completes at most `ceiling`. */
const server = (edge: number, ceiling = Infinity) => async (offered: number) => ({
  achieved: Math.min(offered, ceiling),
  p50Ms: 1,
  p99Ms: offered <= edge ? 5 : 50,
});

describe('latency capacity search', () => {
  it('doubles until a rate misses, then bisects towards the edge', async () => {
    const found = await searchCapacity(server(3000), 20, 500, 32_000, 3);
    expect(found.probes.map((p) => [p.offered, p.pass])).toEqual([
      [500, true],
      [1000, true],
      [2000, true],
      [4000, false],
      [3000, true],
      [3500, false],
      [3250, false],
    ]);
    expect(found.capacity).toBe(3000);
  });

  it('a server that falls behind misses however low its p99 (it lowered its own load)', async () => {
    expect(meetsObjective({ achieved: 800, p50Ms: 1, p99Ms: 3 }, 1000, 20)).toBe(false);
    const found = await searchCapacity(server(Infinity, 1200), 20, 500, 32_000, 2);
    expect(found.capacity).toBe(1200);
    expect(found.probes.at(-1)).toMatchObject({ offered: 1250, pass: true });
  });

  it('halves from the first rate when it misses, then bisects; capacity 0 when even the lowest misses', async () => {
    const slow = await searchCapacity(server(300), 20, 500, 32_000, 2);
    expect(slow.probes.map((p) => [p.offered, p.pass])).toEqual([
      [500, false],
      [250, true],
      [375, false],
      [313, false],
    ]);
    expect(slow.capacity).toBe(250);
    expect((await searchCapacity(server(10), 20, 500, 32_000)).capacity).toBe(0);
  });

  it('stops at the ceiling when no rate misses', async () => {
    const unbounded = await searchCapacity(server(Infinity), 20, 500, 4000);
    expect(unbounded.probes.map((p) => p.offered)).toEqual([500, 1000, 2000, 4000]);
    expect(unbounded.capacity).toBe(4000);
  });
});
