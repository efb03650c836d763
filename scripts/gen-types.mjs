#!/usr/bin/env node
// Writes protocol/types/generated.ts from schemas/ (v1), protocol/types/generated-v2.ts from
// schemas/v2/ (protocol v2, profile pinto-android-2) and protocol/types/generated-formats.ts from
// schemas/formats/ (paysock's own file formats) with json-schema-to-typescript.
// `--check` compares instead of writing and exits 1 on drift (run by `npm test`).
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

const banner = (from) => `/* eslint-disable */
/**
 * DO NOT EDIT: generated from ${from} by \`npm run gen\` (scripts/gen-types.mjs).
 * \`npm run gen:check\` fails when this file drifts from the schemas.
 */
`;

/** One generated file: which schema folder, which files are messages and entries, where it goes. */
const targets = [
  {
    folder: 'schemas',
    target: 'protocol/types/generated.ts',
    // schemas/v2/ is another protocol version and schemas/formats/ paysock's own files, each generated on its own below.
    skip: (f) => f.startsWith('v2/') || f.startsWith('formats/'),
    isMessage: (f) => /^(screens|messages|actions)\//.test(f),
    isEntry: (f) => /^(server|terminal)-message(\.[a-z0-9-]+)?\.schema\.json$/.test(f),
    isOther: (f) => !/message(\.[a-z0-9-]+)?\.schema\.json$/.test(f) && f !== 'common.schema.json',
  },
  {
    folder: 'schemas/v2',
    target: 'protocol/types/generated-v2.ts',
    skip: () => false,
    isMessage: (f) => /^(backend|kiosk)\//.test(f),
    isEntry: (f) => /^(backend|kiosk)-message\.schema\.json$/.test(f),
    isOther: () => false,
  },
  {
    folder: 'schemas/formats',
    target: 'protocol/types/generated-formats.ts',
    skip: () => false,
    isMessage: () => false,
    isEntry: () => false,
    isOther: () => true,
    // Our own formats are read by our own code: plain arrays and maps read better there than
    // minItems tuples and `| undefined` index signatures (the validators still check both).
    options: { strictIndexSignatures: false, ignoreMinAndMaxItems: true },
    tidy: mergeDuplicates,
  },
];

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

async function generate({ folder, target, skip, isMessage, isEntry, isOther, options = {}, tidy = (source) => source }) {
  const schemasDir = join(root, folder);
  const schemaFiles = (dir) => {
    const out = [];
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) out.push(...schemaFiles(full));
      else if (entry.name.endsWith('.schema.json')) out.push(relative(schemasDir, full).split(sep).join('/'));
    }
    return out.sort();
  };
  const files = schemaFiles(schemasDir).filter((f) => !skip(f));
  const load = (file) => JSON.parse(readFileSync(join(schemasDir, file), 'utf8'));

  // Message schemas (one per message form) become named types; entry schemas become unions of them.
  const messageFiles = files.filter(isMessage);
  const otherFiles = files.filter((f) => !isMessage(f) && isOther(f));
  const entryFiles = files.filter(isEntry);

  /** Message schema files an entry schema dispatches to, following $ref. */
  const referencedMessages = (file) => {
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
  };

  const titleOf = (file) => {
    const title = load(file).title;
    if (!/^[A-Z][A-Za-z0-9]*$/.test(title ?? '')) throw new Error(`${folder}/${file}: title must be a TypeScript type name, found ${JSON.stringify(title)}`);
    return title;
  };

  const bundleRoot = {
    title: 'PaysockSchemaBundle',
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries([...messageFiles, ...otherFiles].map((f) => [titleOf(f), { $ref: `./${folder}/${f}` }])),
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
    ...options,
  });

  // The bundle interface only exists to pull every schema in; drop it.
  const body = tidy(compiled.replace(/export interface PaysockSchemaBundle \{[\s\S]*?\n\}\n/, ''));

  let unions = '';
  for (const entry of entryFiles) {
    const members = referencedMessages(entry).map(titleOf);
    unions += `\n/** Every message form of ${folder}/${entry}. */\nexport type ${titleOf(entry)} = ${members.join(' | ')};\n`;
  }

  const output = banner(`${folder}/`) + body.trimEnd() + '\n' + unions;
  const path = join(root, target);
  if (check) {
    const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (current !== output) {
      console.error(`gen:check: ${target} is out of date with ${folder}/. Run \`npm run gen\` and commit the result.`);
      return false;
    }
    console.log(`gen:check: ${target} matches ${files.length} schemas`);
  } else {
    writeFileSync(path, output);
    console.log(`gen: wrote ${target} from ${files.length} schemas`);
  }
  return true;
}

let ok = true;
for (const t of targets) ok = (await generate(t)) && ok;
if (!ok) process.exit(1);
