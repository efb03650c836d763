#!/usr/bin/env node
// Writes protocol/types/generated.ts from schemas/ with json-schema-to-typescript.
// `--check` compares instead of writing and exits 1 on drift (run by `npm test`).
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schemasDir = join(root, 'schemas');
const target = join(root, 'protocol', 'types', 'generated.ts');
const check = process.argv.includes('--check');

const banner = `/* eslint-disable */
/**
 * DO NOT EDIT: generated from schemas/ by \`npm run gen\` (scripts/gen-types.mjs).
 * \`npm run gen:check\` fails when this file drifts from the schemas.
 */
`;

function schemaFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...schemaFiles(full));
    else if (entry.name.endsWith('.schema.json')) out.push(relative(schemasDir, full).split(sep).join('/'));
  }
  return out.sort();
}

const files = schemaFiles(schemasDir);
const load = (file) => JSON.parse(readFileSync(join(schemasDir, file), 'utf8'));

// Message schemas (one per message form) become named types; entry schemas become unions of them.
const messageFiles = files.filter((f) => /^(screens|messages|actions)\//.test(f));
const otherFiles = files.filter((f) => !/^(screens|messages|actions)\//.test(f) && !/message(\.[a-z0-9-]+)?\.schema\.json$/.test(f) && f !== 'common.schema.json');
const entryFiles = files.filter((f) => /^(server|terminal)-message(\.[a-z0-9-]+)?\.schema\.json$/.test(f));

/** Message schema files an entry schema dispatches to, following $ref. */
function referencedMessages(file, seen = new Set()) {
  const found = new Set();
  const visit = (node, base) => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, base));
    if (!node || typeof node !== 'object') return;
    if (typeof node.$ref === 'string' && !node.$ref.startsWith('#')) {
      const refFile = join(dirname(base), node.$ref.split('#')[0]).split(sep).join('/');
      if (messageFiles.includes(refFile)) found.add(refFile);
    }
    for (const value of Object.values(node)) visit(value, base);
  };
  visit(load(file), file);
  return [...found].sort();
}

const titleOf = (file) => {
  const title = load(file).title;
  if (!/^[A-Z][A-Za-z0-9]*$/.test(title ?? '')) throw new Error(`schemas/${file}: title must be a TypeScript type name, found ${JSON.stringify(title)}`);
  return title;
};

const bundleRoot = {
  title: 'PaysockSchemaBundle',
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries([...messageFiles, ...otherFiles].map((f) => [titleOf(f), { $ref: `./schemas/${f}` }])),
};

const compiled = await compile(bundleRoot, 'PaysockSchemaBundle', {
  cwd: root,
  bannerComment: '',
  additionalProperties: false,
  unknownAny: true,
  strictIndexSignatures: true,
  format: true,
  style: { singleQuote: true, printWidth: 120 },
  $refOptions: { resolve: { http: false } },
});

// The bundle interface only exists to pull every schema in; drop it.
const body = compiled.replace(/export interface PaysockSchemaBundle \{[\s\S]*?\n\}\n/, '');

let unions = '';
for (const entry of entryFiles) {
  const members = referencedMessages(entry).map(titleOf);
  unions += `\n/** Every message form of schemas/${entry}. */\nexport type ${titleOf(entry)} = ${members.join(' | ')};\n`;
}

const output = banner + body.trimEnd() + '\n' + unions;

if (check) {
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (current !== output) {
    console.error('gen:check: protocol/types/generated.ts is out of date with schemas/. Run `npm run gen` and commit the result.');
    process.exit(1);
  }
  console.log(`gen:check: protocol/types/generated.ts matches ${files.length} schemas`);
} else {
  writeFileSync(target, output);
  console.log(`gen: wrote protocol/types/generated.ts from ${files.length} schemas`);
}
