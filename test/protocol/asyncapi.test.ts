import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Parser, DiagnosticSeverity, type AsyncAPIDocumentInterface } from '@asyncapi/parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { isKeepalive } from '../../protocol/frame.js';
import { packagePath } from '../../protocol/package-root.js';
import { loadSchemaFiles, SCHEMA_BASE } from '../../protocol/schema-store.js';
import { validateServerMessage, validateTerminalMessage } from '../../protocol/validator.js';

// asyncapi.yaml is the machine-readable face of the protocol for AsyncAPI tooling;
// these checks keep it parseable and tied one-to-one to the JSON Schemas in schemas/.

const file = packagePath('asyncapi.yaml');
const text = readFileSync(file, 'utf8');

/** Schema files that describe exactly one kind of wire message. */
const messageSchemaFiles = loadSchemaFiles()
  .map((f) => f.file)
  .filter((f) => /^(screens|messages|actions)\//.test(f));

interface MessageView {
  id: string;
  name: string | undefined;
  /** Schema file below schemas/ the payload came from, or undefined for an inline payload. */
  schemaFile: string | undefined;
  payloadTitle: unknown;
  examplePayloads: unknown[];
}

let parsed: AsyncAPIDocumentInterface | undefined;
let errors: string[] = [];
let document: AsyncAPIDocumentInterface;
let messages: MessageView[] = [];

beforeAll(async () => {
  // source must be the absolute path, or the parser cannot resolve ./schemas/... refs.
  const result = await new Parser().parse(text, { source: file });
  for (const d of result.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Warning)) {
    console.warn(`asyncapi.yaml warning ${d.code} at ${d.path.join('.')}: ${d.message}`);
  }
  errors = result.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`);
  parsed = result.document;
  if (!parsed) return;
  document = parsed;
  messages = document.components().messages().all().map((m) => {
    const payload = m.payload()?.json() as { $id?: unknown; title?: unknown } | undefined;
    const id = typeof payload?.$id === 'string' ? payload.$id : '';
    return {
      id: m.id(),
      name: m.name(),
      schemaFile: id.startsWith(SCHEMA_BASE) ? id.slice(SCHEMA_BASE.length) : undefined,
      payloadTitle: payload?.title,
      examplePayloads: m.examples().all().map((e) => e.payload()),
    };
  });
}, 30_000);

/** Tests that need the parsed document stop here when parsing failed (reported by the first test). */
function needsDocument(): void {
  if (!parsed) throw new Error('asyncapi.yaml did not parse; see the error diagnostics test');
}

describe('asyncapi.yaml', () => {
  it('parses with no error diagnostics as an AsyncAPI 3.0.0 document of version 1.0.0', () => {
    expect(errors).toEqual([]);
    needsDocument();
    expect(document.version()).toBe('3.0.0');
    expect(document.info().version()).toBe('1.0.0');
    expect(document.info().description()).toContain('docs/protocol.md');
  });

  it('has no message $ref that points at a missing file', () => {
    const refs = [...text.matchAll(/\$ref:\s*['"]?(\.\/[^'"\s#]+)/g)].map((m) => m[1] as string);
    expect(refs.length).toBeGreaterThanOrEqual(messageSchemaFiles.length);
    const missing = refs.filter((ref) => !existsSync(resolve(dirname(file), ref)));
    expect(missing).toEqual([]);
  });

  it('has exactly one message per message schema file', () => {
    needsDocument();
    for (const schemaFile of messageSchemaFiles) {
      const users = messages.filter((m) => m.schemaFile === schemaFile).map((m) => m.id);
      expect(users, `messages with payload schemas/${schemaFile}`).toHaveLength(1);
    }
    const strays = messages.filter((m) => m.schemaFile !== undefined && !messageSchemaFiles.includes(m.schemaFile));
    expect(strays.map((m) => `${m.id}: ${m.schemaFile}`)).toEqual([]);
  });

  it('gives every file-backed message the schema title as its name, and only the keepalive an inline payload', () => {
    needsDocument();
    for (const m of messages.filter((v) => v.schemaFile !== undefined)) expect(m.name, m.id).toBe(m.payloadTitle);
    expect(messages.filter((m) => m.schemaFile === undefined).map((m) => m.id)).toEqual(['keepalive']);
  });

  it('repeats each schema file\'s examples as the message examples', () => {
    needsDocument();
    const byFile = new Map(loadSchemaFiles().map((f) => [f.file, f.schema]));
    for (const m of messages.filter((v) => v.schemaFile !== undefined)) {
      expect(m.examplePayloads, m.id).toEqual(byFile.get(m.schemaFile as string)?.examples);
    }
  });

  it('lists every message in the terminal channel and in exactly one operation', () => {
    needsDocument();
    const channel = document.channels().get('terminal');
    expect(channel?.address()).toBe('/');
    const inChannel = channel?.messages().all().map((m) => m.id()).sort();
    expect(inChannel).toEqual(messages.map((m) => m.id).sort());
    const operationsOf = (id: string): string[] =>
      document.operations().all().filter((op) => op.messages().all().some((m) => m.id() === id)).map((op) => String(op.id()));
    for (const m of messages) expect(operationsOf(m.id), m.id).toHaveLength(1);
  });

  it('describes the backend: what it sends validates as server messages, what it receives as terminal frames', () => {
    needsDocument();
    const operation = (id: string | undefined) => {
      if (id === undefined) throw new Error('operation without id');
      const op = document.operations().get(id);
      if (!op) throw new Error(`operation ${id} is missing`);
      return op;
    };
    const examples = (id: string | undefined): unknown[] => operation(id).messages().all().flatMap((m) => m.examples().all().map((e) => e.payload()));
    const sends = document.operations().all().filter((op) => op.isSend());
    expect(sends.map((op) => op.id()).sort()).toEqual(['sendError', 'sendScreenChange', 'sendStatusUpdate']);
    for (const op of sends) {
      for (const example of examples(op.id())) expect(validateServerMessage(example).ok, JSON.stringify(example)).toBe(true);
    }
    for (const example of examples('receiveUserAction')) {
      expect(validateTerminalMessage(example, 'strict').ok, JSON.stringify(example)).toBe(true);
    }
    // Dialect forms are listed apart precisely because a strict backend rejects them.
    for (const example of examples('receiveDialectUserAction')) {
      expect(validateTerminalMessage(example, 'pinto-android-1').ok, JSON.stringify(example)).toBe(true);
      expect(validateTerminalMessage(example, 'strict').ok, JSON.stringify(example)).toBe(false);
    }
    for (const example of examples('receiveKeepalive')) expect(isKeepalive(example as object)).toBe(true);
    const receives = document.operations().all().filter((op) => op.isReceive()).map((op) => op.id()).sort();
    expect(receives).toEqual(['receiveDialectUserAction', 'receiveKeepalive', 'receiveUserAction']);
  });

  it('uses only schema keywords that draft-07 (the AsyncAPI default format) reads the same way', () => {
    // See docs/schemas.md: the payloads are read by AsyncAPI tools as draft-07 supersets.
    const onlyIn2020 = new Set(['prefixItems', 'unevaluatedProperties', 'unevaluatedItems', 'dependentRequired', 'dependentSchemas', '$dynamicRef', '$dynamicAnchor', '$anchor', '$recursiveRef', 'minContains', 'maxContains']);
    const found: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${where}/${i}`));
      else if (node !== null && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (onlyIn2020.has(key) || (key === 'items' && Array.isArray(value))) found.push(`${where}/${key}`);
          if (key !== 'examples') walk(value, `${where}/${key}`);
        }
      }
    };
    // Only what asyncapi.yaml reaches: the message schemas and the common definitions they $ref.
    const reached = new Set([...messageSchemaFiles, 'common.schema.json']);
    for (const { file, schema } of loadSchemaFiles()) if (reached.has(file)) walk(schema, file);
    expect(found).toEqual([]);
  });
});
