import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../protocol/package-root.js';

// The source documents are vendored in docs/sources/ so the spec can be read
// (and the examples tested) without the shared folder. In CI a copy of shared/
// sits beside the clone; there the vendored copies must not have drifted.
const root = packageRoot();
const sharedSpec = resolve(root, '..', 'shared', 'spec');
// pinto-android-2.md is protocol v2 as the Android kiosk app's release v2.2 speaks it (docs/protocol-v2.md).
const documents = ['payment-socket-protocol.txt', 'clarifications.md', 'pinto-android-2.md'];

describe('vendored source documents', () => {
  it.each(documents)('docs/sources/%s exists and is not empty', (name) => {
    const vendored = readFileSync(join(root, 'docs', 'sources', name));
    expect(vendored.length).toBeGreaterThan(1000);
  });

  const haveShared = existsSync(sharedSpec);
  it.skipIf(!haveShared).each(documents)('docs/sources/%s equals ../shared/spec byte for byte', (name) => {
    const vendored = readFileSync(join(root, 'docs', 'sources', name));
    const original = readFileSync(join(sharedSpec, name));
    expect(vendored.equals(original), `docs/sources/${name} differs from ${join(sharedSpec, name)}: copy it again`).toBe(true);
  });

  it.runIf(!haveShared)(`skips the byte comparison: ${sharedSpec} does not exist (no shared/ beside the checkout)`, () => {
    expect(existsSync(sharedSpec)).toBe(false);
  });
});
