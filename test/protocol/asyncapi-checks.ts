/**
 * The checks that tie an AsyncAPI document of paysock to the JSON Schemas it `$ref`s, shared by the
 * v1 (asyncapi.test.ts: asyncapi.yaml, schemas/) and v2 (asyncapi-v2.test.ts: asyncapi-v2.yaml,
 * schemas/v2/) tests. Each test file says what differs: the document, its schemas, which of them
 * are messages, and how each operation's examples are judged.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Parser, DiagnosticSeverity, type AsyncAPIDocumentInterface } from '@asyncapi/parser';
import { beforeAll, expect, it } from 'vitest';
import { packagePath } from '../../protocol/package-root.js';
import type { SchemaFile } from '../../protocol/schema-store.js';

/** One AsyncAPI document and what it must match. */
export interface AsyncApiSubject {
  /** Package-relative path of the document, e.g. `asyncapi.yaml`. */
  document: string;
  /** The `info.version` it declares. */
  version: string;
  /** Texts `info.description` must contain (the normative spec it points at, the app version it describes). */
  descriptionMentions: string[];
  /** The `$id` base of its schemas; a payload whose `$id` starts with it is file-backed. */
  schemaBase: string;
  /** Every schema file of that protocol version, as its schema store loads them. */
  schemaFiles: SchemaFile[];
  /** The schema files that each describe one kind of wire message: exactly one AsyncAPI message each. */
  messageSchemaFiles: string[];
  /** Ids of the messages whose payload is written inline (no schema file), in document order. */
  inlineMessages: string[];
  /** Folders (with their slash) of the schema files of what the backend sends; every other message is one it receives. */
  backendFolders: string[];
  /** The one channel (the terminal's or kiosk's socket, address `/`) that lists every message. */
  channel: string;
  /**
   * Every operation, by id: its action and the judge of each of its messages' examples (true when
   * the example is what the operation says: a valid frame of the sender, of the right kind).
   */
  operations: Record<string, { action: 'send' | 'receive'; accepts: (example: unknown) => boolean }>;
}

/** What the checks read of one AsyncAPI message. */
export interface MessageView {
  id: string;
  name: string | undefined;
  /** Schema file below the version's schema folder the payload came from, or undefined for an inline payload. */
  schemaFile: string | undefined;
  payloadTitle: unknown;
  examplePayloads: unknown[];
}

/**
 * What is wrong with the messages' tie to the message schema files, one line per problem: a file
 * with no message or with several, and a message whose payload file is not a message file.
 */
export function schemaTieProblems(messageSchemaFiles: readonly string[], messages: readonly MessageView[]): string[] {
  const problems: string[] = [];
  for (const file of messageSchemaFiles) {
    const users = messages.filter((m) => m.schemaFile === file).map((m) => m.id);
    if (users.length !== 1) problems.push(`${file}: ${users.length === 0 ? 'no message' : `messages ${users.join(', ')}`}`);
  }
  for (const m of messages) {
    if (m.schemaFile !== undefined && !messageSchemaFiles.includes(m.schemaFile)) problems.push(`${m.id}: payload ${m.schemaFile} is not a message schema file`);
  }
  return problems;
}

/** Keywords that draft-07 (the AsyncAPI default schema format) does not read as 2020-12 does. */
const ONLY_IN_2020 = new Set(['prefixItems', 'unevaluatedProperties', 'unevaluatedItems', 'dependentRequired', 'dependentSchemas', '$dynamicRef', '$dynamicAnchor', '$anchor', '$recursiveRef', 'minContains', 'maxContains']);

/** JSON Pointers (prefixed by the file) of every keyword in `schema` that draft-07 would read differently. */
export function draft2020OnlyKeywords(schema: unknown, where: string): string[] {
  const found: string[] = [];
  const walk = (node: unknown, at: string): void => {
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${at}/${i}`));
    else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (ONLY_IN_2020.has(key) || (key === 'items' && Array.isArray(value))) found.push(`${at}/${key}`);
        if (key !== 'examples') walk(value, `${at}/${key}`);
      }
    }
  };
  walk(schema, where);
  return found;
}

/**
 * Registers, in the calling `describe`, the tests every paysock AsyncAPI document must pass: it
 * parses without error diagnostics, its `$ref`s reach files, one message per message schema file
 * named after the schema's title with the schema's examples, every message in the channel and in
 * one operation, each operation's examples accepted by its judge, and only keywords draft-07 reads
 * alike. Returns the parsed document for the caller's own tests (set once `beforeAll` has run).
 */
export function describeAsyncApiDocument(subject: AsyncApiSubject): () => { document: AsyncAPIDocumentInterface; messages: MessageView[] } {
  const file = packagePath(subject.document);
  const text = readFileSync(file, 'utf8');
  let parsed: AsyncAPIDocumentInterface | undefined;
  let errors: string[] = [];
  let messages: MessageView[] = [];

  beforeAll(async () => {
    // source must be the absolute path, or the parser cannot resolve ./schemas/... refs.
    const result = await new Parser().parse(text, { source: file });
    for (const d of result.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Warning)) {
      console.warn(`${subject.document} warning ${d.code} at ${d.path.join('.')}: ${d.message}`);
    }
    errors = result.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`);
    parsed = result.document;
    if (!parsed) return;
    messages = parsed.components().messages().all().map((m) => {
      const payload = m.payload()?.json() as { $id?: unknown; title?: unknown } | undefined;
      const id = typeof payload?.$id === 'string' ? payload.$id : '';
      return {
        id: m.id(),
        name: m.name(),
        schemaFile: id.startsWith(subject.schemaBase) ? id.slice(subject.schemaBase.length) : undefined,
        payloadTitle: payload?.title,
        examplePayloads: m.examples().all().map((e) => e.payload()),
      };
    });
  }, 30_000);

  /** Tests that need the parsed document stop here when parsing failed (reported by the first test). */
  const parsedDocument = (): { document: AsyncAPIDocumentInterface; messages: MessageView[] } => {
    if (!parsed) throw new Error(`${subject.document} did not parse; see the error diagnostics test`);
    return { document: parsed, messages };
  };

  it(`parses with no error diagnostics as an AsyncAPI 3.0.0 document of version ${subject.version}`, () => {
    expect(errors).toEqual([]);
    const { document } = parsedDocument();
    expect(document.version()).toBe('3.0.0');
    expect(document.info().version()).toBe(subject.version);
    for (const mention of subject.descriptionMentions) expect(document.info().description()).toContain(mention);
  });

  it('has no message $ref that points at a missing file', () => {
    const refs = [...text.matchAll(/\$ref:\s*['"]?(\.\/[^'"\s#]+)/g)].map((m) => m[1] as string);
    expect(refs.length).toBeGreaterThanOrEqual(subject.messageSchemaFiles.length);
    const missing = refs.filter((ref) => !existsSync(resolve(dirname(file), ref)));
    expect(missing).toEqual([]);
  });

  it('has exactly one message per message schema file', () => {
    expect(subject.messageSchemaFiles.length).toBeGreaterThan(0);
    expect(schemaTieProblems(subject.messageSchemaFiles, parsedDocument().messages)).toEqual([]);
  });

  it('gives every file-backed message the schema title as its name, and only the named messages an inline payload', () => {
    const { messages } = parsedDocument();
    for (const m of messages.filter((v) => v.schemaFile !== undefined)) expect(m.name, m.id).toBe(m.payloadTitle);
    expect(messages.filter((m) => m.schemaFile === undefined).map((m) => m.id)).toEqual(subject.inlineMessages);
  });

  it("repeats each schema file's examples as the message examples", () => {
    const byFile = new Map(subject.schemaFiles.map((f) => [f.file, f.schema]));
    for (const m of parsedDocument().messages.filter((v) => v.schemaFile !== undefined)) {
      const examples = byFile.get(m.schemaFile as string)?.examples;
      expect(examples?.length, `examples of ${m.schemaFile}`).toBeGreaterThan(0);
      expect(m.examplePayloads, m.id).toEqual(examples);
    }
  });

  it(`lists every message in the ${subject.channel} channel and in exactly one operation`, () => {
    const { document, messages } = parsedDocument();
    const channel = document.channels().get(subject.channel);
    expect(channel?.address()).toBe('/');
    const inChannel = channel?.messages().all().map((m) => m.id()).sort();
    expect(inChannel).toEqual(messages.map((m) => m.id).sort());
    const operationsOf = (id: string): string[] =>
      document.operations().all().filter((op) => op.messages().all().some((m) => m.id() === id)).map((op) => String(op.id()));
    for (const m of messages) expect(operationsOf(m.id), m.id).toHaveLength(1);
  });

  it("has exactly the expected operations, each sending the backend's messages or receiving the other side's, with examples its judge accepts", () => {
    const { document, messages } = parsedDocument();
    const actual = document.operations().all().map((op) => `${String(op.id())}: ${op.isSend() ? 'send' : 'receive'}`).sort();
    const expected = Object.entries(subject.operations).map(([id, op]) => `${id}: ${op.action}`).sort();
    expect(actual).toEqual(expected);
    const sentByBackend = (id: string): boolean => {
      const schemaFile = messages.find((m) => m.id === id)?.schemaFile;
      return schemaFile !== undefined && subject.backendFolders.some((folder) => schemaFile.startsWith(folder));
    };
    for (const op of document.operations().all()) {
      // A direction check apart from the judges: some frames validate both ways (a kiosk's DEVICE_INFO is also a legal backend one).
      for (const m of op.messages().all()) expect(sentByBackend(m.id()), `${String(op.id())}: ${m.id()}`).toBe(op.isSend());
      // A reply comes from the other side.
      for (const m of op.reply()?.messages().all() ?? []) expect(sentByBackend(m.id()), `reply of ${String(op.id())}: ${m.id()}`).toBe(!op.isSend());
      const judge = subject.operations[String(op.id())];
      const examples = op.messages().all().flatMap((m) => m.examples().all().map((e) => e.payload()));
      expect(examples.length, String(op.id())).toBeGreaterThan(0);
      for (const example of examples) expect(judge?.accepts(example), `${String(op.id())}: ${JSON.stringify(example)}`).toBe(true);
    }
  });

  it('uses only schema keywords that draft-07 (the AsyncAPI default format) reads the same way', () => {
    // See docs/schemas.md: the payloads are read by AsyncAPI tools as draft-07 supersets. Only what the
    // document reaches: the message schemas and the common definitions they $ref.
    const reached = new Set([...subject.messageSchemaFiles, 'common.schema.json']);
    const found = subject.schemaFiles.filter((f) => reached.has(f.file)).flatMap((f) => draft2020OnlyKeywords(f.schema, f.file));
    expect(found).toEqual([]);
  });

  return parsedDocument;
}
