import { describe, expect, it } from 'vitest';
import { logSink } from './log-sink.js';
import { useReferenceServer } from './terminal-client.js';

// Faults break outbound frames on purpose here, so the fixture does not validate them.
const reference = useReferenceServer({ validate: false });

describe('--self-check (validate every outbound message)', () => {
  it('logs an outbound message that breaks the schemas, naming the problem', async () => {
    const sink = logSink();
    await reference.start({ selfCheck: true, faults: ['string-amounts'], logLevel: 'info', logDestination: sink.stream });
    const t = await reference.connect({ terminalId: 'kiosk-self-check' });
    await t.next();
    const reports = sink.lines().filter((l) => l.msg === 'self-check: outbound message is not valid');
    expect(reports).toHaveLength(1);
    expect(reports[0]?.problems).toEqual(expect.arrayContaining([expect.stringMatching(/^\/data\/amounts\/0 must be integer/)]));
  });

  it('stays silent while every outbound message is valid', async () => {
    const sink = logSink();
    await reference.start({ selfCheck: true, logLevel: 'info', logDestination: sink.stream });
    const t = await reference.connect({ terminalId: 'kiosk-self-check' });
    await t.next();
    expect(sink.lines().some((l) => l.msg === 'message sent')).toBe(true);
    expect(sink.lines().filter((l) => String(l.msg).startsWith('self-check'))).toEqual([]);
  });
});
