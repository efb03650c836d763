/**
 * Test files that take long on their own (seconds in a fresh-clone CI run on
 * the 2-core machine, commit 69b5c62, vitest's results cache). A fresh clone
 * has no cache, and vitest then starts the largest files first; these are
 * small files that drive long certifications, so they started last and made
 * the run's tail. Listed here, they start first. Order: longest first.
 */
export const slowFiles: ReadonlyArray<readonly [file: string, seconds: number]> = [
  ['test/conformance/v2-small-pool.test.ts', 275],
  ['test/conformance/v2-variants.test.ts', 225],
  ['test/conformance/small-pool.test.ts', 150],
  ['test/conformance/variants.test.ts', 138],
  ['test/package/installed.test.ts', 88],
  ['test/package/readme.test.ts', 80],
  ['test/load/v2-driver.test.ts', 75],
  ['test/browser/kiosk-v2-flows.browser.test.ts', 59],
  ['test/browser/kiosk-v2.browser.test.ts', 50],
  ['test/conformance/v2-mutation.test.ts', 49],
  ['test/reference-server/chaos.test.ts', 36],
  ['test/conformance/mutation.test.ts', 28],
  ['test/reference-server/v2-money-rules.test.ts', 28],
  ['test/conformance/v2-certify.test.ts', 26],
  ['test/browser/kiosk.browser.test.ts', 24],
  ['test/load/k6-workloads.test.ts', 23],
  ['test/reference-server/v2-kiosk-flows.test.ts', 22],
];
