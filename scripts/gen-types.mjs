#!/usr/bin/env node
// Writes protocol/types/generated.ts from schemas/ (v1) and protocol/types/generated-v2.ts from
// schemas/v2/ (protocol v2, profile pinto-android-2) with json-schema-to-typescript.
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
    // schemas/v2/ is another protocol version, generated on its own below.
    skip: (f) => f.startsWith('v2/'),
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
];

async function generate({ folder, target, skip, isMessage, isEntry, isOther }) {
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
  });

  // The bundle interface only exists to pull every schema in; drop it.
  const body = compiled.replace(/export interface PaysockSchemaBundle \{[\s\S]*?\n\}\n/, '');

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
