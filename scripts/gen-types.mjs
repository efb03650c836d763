#!/usr/bin/env node
// Writes protocol/types/generated.ts from the protocol's schemas and
// protocol/types/generated-formats.ts from schemas/formats/ (paysock's own file
// formats) with json-schema-to-typescript.
// `--check` compares instead of writing and exits 1 on drift (run by `npm test`).
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schemasDir = join(root, 'schemas');
const protocolTarget = join(root, 'protocol', 'types', 'generated.ts');
const formatsTarget = join(root, 'protocol', 'types', 'generated-formats.ts');
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
const formatFiles = files.filter((f) => f.startsWith('formats/'));
const otherFiles = files.filter((f) => !/^(screens|messages|actions|formats)\//.test(f) && !/message(\.[a-z0-9-]+)?\.schema\.json$/.test(f) && f !== 'common.schema.json');
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

/** One TypeScript file of the types of `bundled` (schema files), each named by its schema's title. */
async function compileBundle(bundled, options) {
  const bundleRoot = {
    title: 'PaysockSchemaBundle',
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(bundled.map((f) => [titleOf(f), { $ref: `./schemas/${f}` }])),
  };
  const compiled = await compile(bundleRoot, 'PaysockSchemaBundle', {
    cwd: root,
    bannerComment: '',
    additionalProperties: false,
    unknownAny: true,
    format: true,
    style: { singleQuote: true, printWidth: 120 },
    $refOptions: { resolve: { http: false } },
    ...options,
  });
  // The bundle interface only exists to pull every schema in; drop it.
  return compiled.replace(/export interface PaysockSchemaBundle \{[\s\S]*?\n\}\n/, '');
}

/**
 * json-schema-to-typescript declares a `$ref` again (Name1, Name2, ...) wherever
 * the reference carries its own `description`, which every property here does.
 * Declarations that differ from the first only in their doc comment are dropped
 * and their names pointed at the first, until none is left.
 */
function mergeDuplicates(source) {
  const lines = source.split('\n');
  const chunks = [];
  let inDoc = false;
  for (const line of lines) {
    const startsDoc = line.startsWith('/**');
    const startsDeclaration = line.startsWith('export ') && !inDoc && !(chunks.length > 0 && chunks[chunks.length - 1].docOnly);
    if (startsDoc || startsDeclaration) chunks.push({ lines: [], docOnly: startsDoc });
    if (chunks.length === 0) chunks.push({ lines: [], docOnly: false });
    const chunk = chunks[chunks.length - 1];
    chunk.lines.push(line);
    if (startsDoc) inDoc = !line.includes('*/');
    else if (inDoc && line.includes('*/')) inDoc = false;
    else if (line.startsWith('export ')) chunk.docOnly = false;
  }
  let text = chunks.map((c) => c.lines.join('\n'));
  for (;;) {
    const code = (chunk) => chunk.replace(/^\/\*\*[\s\S]*?\*\/\n/, '').trim();
    const nameOf = (chunk) => /^export (?:interface|type) ([A-Za-z0-9]+)/m.exec(chunk)?.[1];
    const byName = new Map(text.map((c) => [nameOf(c), c]));
    const duplicate = text.find((c) => {
      const name = nameOf(c);
      const base = name?.replace(/\d+$/, '');
      return name !== base && byName.has(base) && code(c).replace(name, base) === code(byName.get(base));
    });
    if (!duplicate) return text.join('\n');
    const name = nameOf(duplicate);
    const base = name.replace(/\d+$/, '');
    text = text.filter((c) => c !== duplicate).map((c) => c.replace(new RegExp(`\\b${name}\\b`, 'g'), base));
  }
}

const body = await compileBundle([...messageFiles, ...otherFiles], { strictIndexSignatures: true });
// Our own formats are read by our own code: plain arrays and maps read better there than
// minItems tuples and `| undefined` index signatures (the validators still check both).
const formatsBody = mergeDuplicates(await compileBundle(formatFiles, { strictIndexSignatures: false, ignoreMinAndMaxItems: true }));

let unions = '';
for (const entry of entryFiles) {
  const members = referencedMessages(entry).map(titleOf);
  unions += `\n/** Every message form of schemas/${entry}. */\nexport type ${titleOf(entry)} = ${members.join(' | ')};\n`;
}

const outputs = [
  [protocolTarget, banner + body.trimEnd() + '\n' + unions],
  [formatsTarget, banner + formatsBody.trimEnd() + '\n'],
];

let drift = false;
for (const [target, output] of outputs) {
  const name = relative(root, target).split(sep).join('/');
  if (check) {
    const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
    if (current !== output) {
      console.error(`gen:check: ${name} is out of date with schemas/. Run \`npm run gen\` and commit the result.`);
      drift = true;
    }
  } else {
    writeFileSync(target, output);
    console.log(`gen: wrote ${name}`);
  }
}
if (drift) process.exit(1);
if (check) console.log(`gen:check: protocol/types/generated.ts and generated-formats.ts match ${files.length} schemas`);
