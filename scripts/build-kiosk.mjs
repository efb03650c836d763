#!/usr/bin/env node
// Bundles the browser side of `paysock kiosk` (kiosk/page/main.ts) into one
// script, dist/kiosk/kiosk.js. The page judges frames with the certifier's own
// code (conformance/frame-checks.ts, protocol/*): only the machinery that
// cannot run in a browser under a strict CSP is swapped at build time:
// - ajv compiles schemas with `new Function`; here the same schemas are compiled
//   now, with ajv's standalone code generation, into plain functions;
// - schemas/ and docs/protocol.md are read from disk by Node; here they are
//   embedded as data, read from the same files by the same loaders.
// Run after tsc: it loads those loaders from dist/.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneModule from 'ajv/dist/standalone/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'kiosk', 'kiosk.js');
const standaloneCode = standaloneModule.default ?? standaloneModule;

async function protocolLoaders() {
  const dist = (file) => import(pathToFileURL(join(root, 'dist', 'protocol', file)).href);
  const [store, reqs, registry] = await Promise.all([dist('schema-store.js'), dist('requirements.js'), dist('profiles/index.js')]);
  return { store, reqs, entries: validatorEntries(registry.profiles) };
}

/**
 * The validators the page needs, by export name, and the schema file each one
 * is: the server's messages, and each registered profile's terminal messages
 * (protocol/profiles/), so a new profile's schema is in the page with it.
 */
function validatorEntries(profiles) {
  const entries = { server: 'server-message.schema.json' };
  profiles.forEach((p, i) => {
    entries[`terminal${i}`] = p.terminalSchema;
  });
  return entries;
}

/**
 * ajv-compiled validators as ES module source. The options are protocol/validator.ts's
 * (strict, verbose for x-requirement on errors, the annotation keywords; no schema
 * uses a format), plus `code.source` which standalone generation needs.
 */
function standaloneValidators(store, entries, allErrors) {
  const ajv = new Ajv2020({ strict: true, allErrors, verbose: true, code: { source: true, esm: true } });
  ajv.addKeyword({ keyword: 'x-requirement', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-error-code', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-below-minimum', schemaType: 'string' });
  for (const { schema } of protocolSchemas(store)) ajv.addSchema(schema);
  const refs = Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, store.schemaId(file)]));
  const ids = Object.fromEntries(Object.entries(entries).map(([name, file]) => [store.schemaId(file), name]));
  return `${standaloneCode(ajv, refs)}\nexport const byId = ${JSON.stringify(ids)};\n`;
}

/** The protocol's schemas: the page judges frames, never paysock's own files (schemas/formats/). */
function protocolSchemas(store) {
  return store.loadSchemaFiles().filter((f) => !f.file.startsWith('formats/'));
}

/** The esbuild plugin that swaps the Node-only modules for their build-time equivalents. */
async function kioskPlugin() {
  const { store, reqs, entries } = await protocolLoaders();
  const shim = (name) => join(root, 'kiosk', 'bundle', name);
  const virtual = {
    'standalone-fast': standaloneValidators(store, entries, false),
    'standalone-all': standaloneValidators(store, entries, true),
    schemas: `export default ${JSON.stringify(protocolSchemas(store))};`,
    requirements: `export default ${JSON.stringify(reqs.requirements())};`,
  };
  return {
    name: 'paysock-kiosk',
    setup(b) {
      b.onResolve({ filter: /^ajv\/dist\/2020\.js$/ }, () => ({ path: shim('ajv2020.ts') }));
      b.onResolve({ filter: /^ajv-formats$/ }, () => ({ path: shim('ajv-formats.ts') }));
      b.onResolve({ filter: /\/schema-store\.js$/ }, () => ({ path: shim('schema-store.ts') }));
      b.onResolve({ filter: /\/requirements\.js$/ }, () => ({ path: shim('requirements.ts') }));
      b.onResolve({ filter: /^paysock-virtual:/ }, (a) => ({ path: a.path.slice('paysock-virtual:'.length), namespace: 'paysock-virtual' }));
      b.onLoad({ filter: /.*/, namespace: 'paysock-virtual' }, (a) => {
        const contents = virtual[a.path];
        if (contents === undefined) throw new Error(`no virtual module ${a.path}`);
        return { contents, loader: 'js', resolveDir: root };
      });
    },
  };
}

/**
 * Bundles one browser entry with the kiosk plugin. `format` iife for the page,
 * esm for tests that import the bundle in Node.
 */
export async function bundleKioskEntry(entry, target, format = 'iife') {
  await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    format,
    platform: 'browser',
    target: 'es2020',
    outfile: target,
    // The page script is served, not read: small beats readable (the sources are in kiosk/page/).
    minify: format === 'iife',
    plugins: [await kioskPlugin()],
    banner: { js: `// Generated by \`npm run build\` (scripts/build-kiosk.mjs) from ${entry}.` },
    logLevel: 'warning',
  });
  return target;
}

/** Builds the page script; returns the output path. */
export async function buildKioskBundle(target = outfile) {
  return bundleKioskEntry('kiosk/page/main.ts', target);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const written = await buildKioskBundle(process.argv[2] ?? outfile);
  console.log(`build-kiosk: wrote ${written}`);
}
