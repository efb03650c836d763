import { RESULTS_FORMAT_VERSION } from '../results.js';

const verdicts = ['PASS', 'FAIL', 'WARN', 'SKIP', 'NA', 'ERROR'];
const str = { type: 'string' } as const;
const strings = { type: 'array', items: str } as const;
const num = { type: 'number' } as const;

/**
 * JSON Schema of a results.json (conformance/results.ts). It requires what the
 * renderers read and allows extra properties, so a newer runner that adds
 * optional fields within the same format version still renders.
 */
export const runResultsSchema = {
  type: 'object',
  required: ['format', 'suite', 'target', 'startedAt', 'finishedAt', 'command', 'verdict', 'counts', 'cases', 'requirements', 'graph'],
  // A run that could not start says why; the renderers print the reason.
  if: { properties: { verdict: { const: 'COULD_NOT_RUN' } } },
  then: { required: ['reason'] },
  properties: {
    format: { const: RESULTS_FORMAT_VERSION },
    suite: { type: 'object', required: ['name', 'version', 'specVersion'], properties: { name: str, version: str, specVersion: str } },
    target: {
      type: 'object',
      required: ['url', 'profile', 'features'],
      properties: {
        url: str,
        profile: str,
        features: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'declared', 'verified'],
            properties: { name: str, declared: { type: 'boolean' }, verified: { enum: ['verified', 'failed', 'skipped', 'not-declared'] } },
          },
        },
      },
    },
    startedAt: str,
    finishedAt: str,
    command: str,
    verdict: { enum: ['CONFORMANT', 'NOT_CONFORMANT', 'INCOMPLETE', 'COULD_NOT_RUN'] },
    reason: str,
    counts: { type: 'object', required: verdicts, properties: Object.fromEntries(verdicts.map((v) => [v, num])) },
    cases: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'title', 'section', 'level', 'requirements', 'verdict', 'steps', 'schemaErrors', 'transitions', 'illegalTransitions', 'wire', 'durationMs', 'replay'],
        properties: {
          id: str,
          title: str,
          section: str,
          level: { enum: ['MUST', 'SHOULD'] },
          requirements: strings,
          verdict: { enum: verdicts },
          reason: str,
          steps: {
            type: 'array',
            items: {
              type: 'object',
              required: ['title', 'verdict', 'expected', 'actual', 'requirements'],
              properties: { title: str, verdict: { enum: ['PASS', 'FAIL', 'WARN'] }, expected: str, actual: str, requirements: strings, event: num },
            },
          },
          schemaErrors: {
            type: 'array',
            items: { type: 'object', required: ['event', 'path', 'message', 'requirement'], properties: { event: num, path: str, message: str, requirement: str } },
          },
          transitions: strings,
          illegalTransitions: strings,
          wire: {
            type: 'array',
            items: {
              type: 'object',
              required: ['at', 'connection', 'direction', 'kind', 'data'],
              properties: {
                at: num,
                connection: str,
                direction: { enum: ['sent', 'received', 'event'] },
                kind: { enum: ['text', 'binary', 'open', 'close', 'error', 'ping', 'pong', 'http'] },
                data: str,
                bytes: num,
              },
            },
          },
          durationMs: num,
          replay: str,
        },
      },
    },
    requirements: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'level', 'source', 'text', 'section', 'cases'],
        properties: {
          id: str,
          level: { enum: ['MUST', 'SHOULD', 'MAY'] },
          source: str,
          text: str,
          section: str,
          cases: strings,
          verdict: { enum: verdicts },
          untestable: str,
        },
      },
    },
    certificate: { type: 'object', required: ['fingerprint', 'signed'], properties: { fingerprint: str, signed: { type: 'boolean' }, keyFingerprint: str } },
    graph: {
      type: 'array',
      items: { type: 'object', required: ['from', 'to', 'seen'], properties: { from: str, to: str, seen: num } },
    },
  },
} as const;
