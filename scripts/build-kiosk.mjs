#!/usr/bin/env node
// Bundles the browser side of `paysock kiosk` (kiosk/page/main.ts) into one
// script, dist/kiosk/kiosk.js, and the protocol v2 page (kiosk/page/v2/main.ts)
// into dist/kiosk/kiosk-v2.js. The page judges frames with the certifier's own
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
const outfileV2 = join(root, 'dist', 'kiosk', 'kiosk-v2.js');
const standaloneCode = standaloneModule.default ?? standaloneModule;

async function protocolLoaders() {
  const dist = (file) => import(pathToFileURL(join(root, 'dist', 'protocol', file)).href);
  const [store, reqs, registry, v2store] = await Promise.all([dist('schema-store.js'), dist('requirements.js'), dist('profiles/index.js'), dist('v2/schema-store.js')]);
  return { store, reqs, entries: validatorEntries(registry.profiles), v2store };
}

/**
 * The validators the page needs, by export name, and the schema file each one
 * is: the server's messages, and each registered profile's terminal messages
 * (protocol/profiles/), so a new profile's schema is in the page with it.
 * Protocol v2 profiles have their own page (kiosk/page/v2/) and schemas.
 */
function validatorEntries(profiles) {
  const entries = { server: 'server-message.schema.json' };
  profiles.forEach((p, i) => {
    if ((p.protocolVersion ?? 1) === 1) entries[`terminal${i}`] = p.terminalSchema;
  });
  return entries;
}

/** The v2 page's validators (protocol/v2/validator.ts): a backend's messages and a kiosk's. */
const v2Entries = { backend: 'backend-message.schema.json', kiosk: 'kiosk-message.schema.json' };

/**
 * ajv-compiled validators as ES module source. The options are protocol/validator.ts's
 * (strict, verbose for x-requirement on errors, the annotation keywords; no schema
 * uses a format), or for v2 protocol/v2/validator.ts's (allowUnionTypes, x-kiosk-reaction),
 * plus `code.source` which standalone generation needs.
 */
function standaloneValidators(files, schemaId, entries, options) {
  const ajv = new Ajv2020({ strict: true, allErrors: options.allErrors, verbose: true, ...(options.v2 ? { allowUnionTypes: true } : {}), code: { source: true, esm: true } });
  ajv.addKeyword({ keyword: 'x-requirement', schemaType: 'string' });
  if (options.v2) ajv.addKeyword({ keyword: 'x-kiosk-reaction', schemaType: 'string' });
  else {
    ajv.addKeyword({ keyword: 'x-error-code', schemaType: 'string' });
    ajv.addKeyword({ keyword: 'x-below-minimum', schemaType: 'string' });
  }
  for (const { schema } of files) ajv.addSchema(schema);
  const refs = Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, schemaId(file)]));
  const ids = Object.fromEntries(Object.entries(entries).map(([name, file]) => [schemaId(file), name]));
  return `${standaloneCode(ajv, refs)}\nexport const byId = ${JSON.stringify(ids)};\n`;
}

/** The protocol's schemas: the page judges frames, never paysock's own files (schemas/formats/). */
function protocolSchemas(store) {
  return store.loadSchemaFiles().filter((f) => !f.file.startsWith('formats/'));
}

/** The generated modules of one page: v1's (kiosk/page/) or v2's (kiosk/page/v2/). */
async function virtualModules(version) {
  const { store, reqs, entries, v2store } = await protocolLoaders();
  if (version === 2) {
    const files = v2store.loadV2SchemaFiles();
    return {
      'standalone-fast': standaloneValidators(files, v2store.v2SchemaId, v2Entries, { allErrors: false, v2: true }),
      // protocol/v2/validator.ts never asks for allErrors: one set of functions serves both names.
      'standalone-all': `export * from 'paysock-virtual:standalone-fast';`,
      schemas: `export default ${JSON.stringify(files)};`,
      requirements: `export default [];\nexport const v2 = ${JSON.stringify(reqs.requirements(2))};`,
    };
  }
  const files = protocolSchemas(store);
  return {
    'standalone-fast': standaloneValidators(files, store.schemaId, entries, { allErrors: false }),
    'standalone-all': standaloneValidators(files, store.schemaId, entries, { allErrors: true }),
    schemas: `export default ${JSON.stringify(files)};`,
    requirements: `export default ${JSON.stringify(reqs.requirements())};\nexport const v2 = [];`,
  };
}

/** The esbuild plugin that swaps the Node-only modules for their build-time equivalents. */
async function kioskPlugin(version = 1) {
  const shim = (name) => join(root, 'kiosk', 'bundle', name);
  const virtual = await virtualModules(version);
  return {
    name: 'paysock-kiosk',
    setup(b) {
      b.onResolve({ filter: /^ajv\/dist\/2020\.js$/ }, () => ({ path: shim('ajv2020.ts') }));
      b.onResolve({ filter: /^ajv-formats$/ }, () => ({ path: shim('ajv-formats.ts') }));
      // protocol/v2/schema-store.js reads schemas/v2/ from disk; its importers sit beside it.
      b.onResolve({ filter: /\/schema-store\.js$/ }, (a) => ({ path: shim(a.path === './schema-store.js' && /[\\/]protocol[\\/]v2$/.test(a.resolveDir) ? 'v2-schema-store.ts' : 'schema-store.ts') }));
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
export async function bundleKioskEntry(entry, target, format = 'iife', version = 1) {
  await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    format,
    platform: 'browser',
    target: 'es2020',
    outfile: target,
    // The page script is served, not read: small beats readable (the sources are in kiosk/page/).
    minify: format === 'iife',
    plugins: [await kioskPlugin(version)],
    banner: { js: `// Generated by \`npm run build\` (scripts/build-kiosk.mjs) from ${entry}.` },
    logLevel: 'warning',
  });
  return target;
}

/** Builds the page script; returns the output path. */
export async function buildKioskBundle(target = outfile) {
  return bundleKioskEntry('kiosk/page/main.ts', target);
}

/** Builds the protocol v2 page script (kiosk/page/v2/main.ts); returns the output path. */
export async function buildKioskV2Bundle(target = outfileV2) {
  return bundleKioskEntry('kiosk/page/v2/main.ts', target, 'iife', 2);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const written = await buildKioskBundle(process.argv[2] ?? outfile);
  console.log(`build-kiosk: wrote ${written}`);
  const writtenV2 = await buildKioskV2Bundle(process.argv[3] ?? outfileV2);
  console.log(`build-kiosk: wrote ${writtenV2}`);
}
