import { describe, expect, it } from 'vitest';
import { logSink } from './log-sink.js';
import { useReferenceServer } from './terminal-client.js';

const reference = useReferenceServer();

/** Connects a terminal and has it choose an amount: one frame out, one in, one out. */
async function chooseAmount(terminalId: string): Promise<void> {
  const t = await reference.connect({ terminalId, awaitScreen: 'AMOUNT_SELECT' });
  t.act('AMOUNT_SELECT', { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }, 'initial');
  await t.screen('PAYMENT_METHOD');
}

describe('frame logs (LOG-1, LOG-2)', () => {
  it('at level info every inbound and outbound frame is logged with its terminal and direction', async () => {
    const log = logSink();
    await reference.start({ logLevel: 'info', logDestination: log.stream });
    await chooseAmount('logged');
    const frames = log.lines().filter((r) => r.terminalId === 'logged' && (r.msg === 'message sent' || r.msg === 'message received'));
    expect(frames.map((r) => r.direction)).toEqual(['out', 'in', 'out']);
    expect(String(frames[2]!.frame)).toContain('"screen":"PAYMENT_METHOD"');
  });

  it('when silent, nothing is written', async () => {
    const log = logSink();
    await reference.start({ logLevel: 'silent', logDestination: log.stream });
    await chooseAmount('quiet');
    expect(log.lines()).toEqual([]);
  });
});
