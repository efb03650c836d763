import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultNames } from '../../reference-server/faults.js';
import { variantNames } from '../../reference-server/variants.js';
import { v2VariantNames } from '../../reference-server/v2/variants.js';

const folder = join(import.meta.dirname, '..', '..', 'reference-server');

/** The files of the README's "The rules" table. */
function ruleFiles(): string[] {
  const readme = readFileSync(join(folder, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The rules'), readme.indexOf('## The edges'));
  return [...section.matchAll(/^\| (.+?) \|/gm)].flatMap((row) => [...row[1]!.matchAll(/`([\w-]+\.ts)`/g)].map((m) => m[1]!));
}

/** What a rule file must not say: a fault's or a variant's name, or the words that reach for them. */
const forbidden = [...faultNames, ...variantNames, 'FaultSet', 'VariantSet', 'faults', 'variants', 'fault hook', 'mutation'];

/** The forbidden names `text` holds, each as a whole word (a hyphen joins words). */
function namesIn(text: string): string[] {
  return forbidden.filter((name) => new RegExp(`(^|[^\\w-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w-])`, 'i').test(text));
}

describe('the rule files of reference-server/README.md', () => {
  it('lists the rule files, each of which exists', () => {
    const files = ruleFiles();
    expect(files).toEqual(expect.arrayContaining(['action-rules.ts', 'terminal-session.ts', 'payment-flow.ts', 'server-steps.ts', 'idle-timer.ts', 'intent.ts', 'screens.ts']));
    for (const file of files) expect(() => readFileSync(join(folder, file)), file).not.toThrow();
  });

  it('none of them names a fault or a variant', () => {
    expect(ruleFiles().flatMap((file) => namesIn(readFileSync(join(folder, file), 'utf8')).map((name) => `${file}: ${name}`))).toEqual([]);
  });

  it('the check can fail: a line of the old session hooks names a fault; the printer-fault scenario is no fault', () => {
    expect(namesIn("/** cross-terminal-leak: another terminal's session */ hooks.actingSession(...)")).toEqual(['cross-terminal-leak']);
    expect(namesIn("scenario 'printer-fault': a printer fault means paid")).toEqual([]);
  });
});

/** The v2 files that hold the protocol's rules and the server's answers (docs/variants.md, "Protocol v2"). */
const v2RuleFiles = ['limit-rules.ts', 'reversal-rules.ts', 'control-rules.ts', 'rules.ts', 'open-answers.ts', 'kiosk-session.ts', 'books.ts'];

/** What a v2 rule file must not say: a variant's name (v1 or v2), or the words that reach for them. */
const v2Forbidden = [...v2VariantNames, ...variantNames, 'V2VariantSet', 'VariantSet', 'variants', 'variant'];

function v2NamesIn(text: string): string[] {
  return v2Forbidden.filter((name) => new RegExp(`(^|[^\\w-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w-])`, 'i').test(text));
}

describe('the v2 rule files', () => {
  it('none of them names a variant; the answers they choose among are in open-answers.ts', () => {
    const v2 = join(folder, 'v2');
    expect(v2RuleFiles.flatMap((file) => v2NamesIn(readFileSync(join(v2, file), 'utf8')).map((name) => `${file}: ${name}`))).toEqual([]);
  });

  it('the check can fail: a line choosing by variant name is found', () => {
    expect(v2NamesIn("if (variants.has('limit-error-screen')) screen = 'LIMIT_ERROR';")).toEqual(expect.arrayContaining(['limit-error-screen', 'variants']));
  });
});
