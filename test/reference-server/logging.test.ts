import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { useReferenceServer } from './terminal-client.js';

const reference = useReferenceServer();

/** A pino destination that keeps every line. */
function lines(): { stream: Writable; records: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, records: () => chunks.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('frame logs (LOG-1, LOG-2)', () => {
  it('at level info every inbound and outbound frame is logged with its terminal and direction', async () => {
    const log = lines();
    await reference.start({ logLevel: 'info', logDestination: log.stream });
    const t = await reference.connect({ terminalId: 'logged', awaitScreen: 'AMOUNT_SELECT' });
    t.act('AMOUNT_SELECT', { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }, 'initial');
    await t.screen('PAYMENT_METHOD');
    const frames = log.records().filter((r) => r.terminalId === 'logged' && (r.msg === 'message sent' || r.msg === 'message received'));
    expect(frames.map((r) => r.direction)).toEqual(['out', 'in', 'out']);
    expect(String(frames[2]!.frame)).toContain('"screen":"PAYMENT_METHOD"');
  });

  it('when silent, nothing is written', async () => {
    const log = lines();
    await reference.start({ logLevel: 'silent', logDestination: log.stream });
    const t = await reference.connect({ terminalId: 'quiet', awaitScreen: 'AMOUNT_SELECT' });
    t.act('AMOUNT_SELECT', { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }, 'initial');
    await t.screen('PAYMENT_METHOD');
    expect(log.records()).toEqual([]);
  });
});
