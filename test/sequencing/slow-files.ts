/**
 * Test files that take long on their own (seconds measured alone on the
 * 2-core CI machine, vitest's results cache of a full run). A fresh clone has
 * no cache, and vitest then starts the largest files first; these are small
 * files that drive long certifications, so they started last and made the
 * run's tail. Listed here, they start first. Order: longest first.
 */
export const slowFiles: ReadonlyArray<readonly [file: string, seconds: number]> = [
  ['test/conformance/v2-variants.test.ts', 222],
  ['test/conformance/v2-small-pool.test.ts', 198],
  ['test/conformance/small-pool.test.ts', 149],
  ['test/conformance/variants.test.ts', 137],
  ['test/package/installed.test.ts', 79],
  ['test/package/readme.test.ts', 59],
  ['test/browser/kiosk-v2-flows.browser.test.ts', 53],
  ['test/browser/kiosk-v2.browser.test.ts', 51],
  ['test/conformance/v2-mutation.test.ts', 38],
  ['test/conformance/v2-certify.test.ts', 37],
  ['test/conformance/mutation.test.ts', 28],
  ['test/reference-server/chaos.test.ts', 28],
  ['test/browser/kiosk-v2-restart.browser.test.ts', 26],
  ['test/load/k6-workloads.test.ts', 23],
  ['test/browser/kiosk.browser.test.ts', 22],
  ['test/reference-server/v2-money-rules.test.ts', 22],
  ['test/reference-server/v2-kiosk-flows.test.ts', 20],
];
