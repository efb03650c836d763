import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../protocol/package-root.js';
import { validateServerMessage, validateTerminalMessage } from '../../protocol/validator.js';

/** One fenced block of the protocol document, with the prose line that introduces it. */
interface FencedBlock {
  /** 1-based line of the opening fence. */
  line: number;
  /** The last non-empty line before the fence ("Upon successful connection, server sends:"). */
  intro: string;
  text: string;
}

// Every fenced block, found line by line so a block's position and introduction are known.
function fencedBlocks(document: string): FencedBlock[] {
  const lines = document.split('\n');
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```') continue;
    const close = lines.findIndex((l, j) => j > i && l.trim() === '```');
    if (close < 0) throw new Error(`payment-socket-protocol.txt:${i + 1}: fence is never closed`);
    let k = i - 1;
    while (k >= 0 && lines[k]!.trim() === '') k--;
    blocks.push({ line: i + 1, intro: k >= 0 ? lines[k]!.trim() : '', text: lines.slice(i + 1, close).join('\n') });
    i = close;
  }
  return blocks;
}

/** The one repair ENV-1 allows: the document's examples miss their opening brace. */
function repairOpeningBrace(text: string): { text: string; repaired: boolean } {
  return text.trimStart().startsWith('{') ? { text, repaired: false } : { text: `{\n${text}`, repaired: true };
}

const document = readFileSync(packagePath('docs', 'sources', 'payment-socket-protocol.txt'), 'utf8');
const blocks = fencedBlocks(document);
// The "Message Format" block is a template (placeholders and a // comment), not an example message.
const isTemplate = (block: FencedBlock): boolean => block.intro === 'All messages follow this standard JSON structure:';
const examples = blocks.filter((b) => !isTemplate(b)).map((block) => {
  const { text, repaired } = repairOpeningBrace(block.text);
  return { ...block, repaired, value: JSON.parse(text) as Record<string, unknown> };
});

describe('fenced JSON examples of payment-socket-protocol.txt', () => {
  it('finds all 17 fenced blocks: the format template and 16 example messages', () => {
    // Counted by hand in the document: the template, 11 numbered flow steps with
    // 15 messages between them, and the timeout example.
    expect(blocks).toHaveLength(17);
    expect(blocks.filter(isTemplate)).toHaveLength(1);
    expect(examples).toHaveLength(16);
  });

  it('the format template names the five envelope fields and is no message (it has a comment)', () => {
    const template = blocks.find(isTemplate)!;
    for (const field of ['messageType', 'screen', 'data', 'transactionId', 'timestamp']) expect(template.text).toContain(`"${field}"`);
    expect(() => JSON.parse(repairOpeningBrace(template.text).text)).toThrow(SyntaxError);
  });

  it('only the PRINT_TICKET example has its opening brace; every other one is repaired', () => {
    expect(examples.filter((e) => !e.repaired).map((e) => e.value.screen)).toEqual(['PRINT_TICKET']);
  });

  it('covers every screen and both directions', () => {
    const screensSent = new Set(examples.filter((e) => e.value.messageType === 'SCREEN_CHANGE').map((e) => e.value.screen));
    expect(screensSent.size).toBe(11);
    expect(examples.filter((e) => e.value.messageType === 'USER_ACTION')).toHaveLength(4);
  });

  const valid = examples.filter((e) => e.value.screen !== 'CURRENT_SCREEN');
  it.each(valid.map((e) => [`line ${e.line}: ${e.intro} (${String(e.value.messageType)} ${String(e.value.screen)})`, e] as const))(
    '%s validates',
    (_name, example) => {
      const result = example.value.messageType === 'USER_ACTION'
        ? validateTerminalMessage(example.value, 'strict')
        : validateServerMessage(example.value);
      expect(result.ok ? [] : result.problems).toEqual([]);
      expect(result.warnings).toEqual([]);
    },
  );

  it('the timeout example is rejected: CURRENT_SCREEN is a placeholder, not a screen (ENV-3, ENV-4)', () => {
    const timeout = examples.filter((e) => e.value.screen === 'CURRENT_SCREEN');
    expect(timeout).toHaveLength(1);
    expect(timeout[0]!.value.messageType).toBe('ERROR');
    const result = validateServerMessage(timeout[0]!.value);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toMatchObject({ path: '/screen', requirement: 'ENV-3', code: 'INVALID_MESSAGE' });
    // With the placeholder filled in as the spec says, the same message is valid.
    expect(validateServerMessage({ ...timeout[0]!.value, screen: 'KEYPAD' }).ok).toBe(true);
  });
});
