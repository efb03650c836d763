import { describe, expect, it } from 'vitest';
import { connectionFaultHooks, correctConnection } from '../../reference-server/connection-faults.js';
import { FaultSet, type FaultName } from '../../reference-server/faults.js';
import type { OutboundMessage } from '../../reference-server/outbound.js';

const amountSelect: OutboundMessage = { messageType: 'SCREEN_CHANGE', screen: 'AMOUNT_SELECT', data: { amounts: [20, 40], currency: '£', showOtherOption: true }, transactionId: 'initial' };
const on = (fault: FaultName) => connectionFaultHooks(new FaultSet([fault]));
const stamped = (message: OutboundMessage) => ({ ...message, timestamp: 1000 }) as Record<string, unknown>;

describe('connection fault hooks', () => {
  it('a server without faults gets the correct hooks: timestamps never go backwards (ENV-9), frames go out as stamped', () => {
    const hooks = connectionFaultHooks(new FaultSet());
    expect(hooks).toEqual(correctConnection);
    expect([hooks.timestamp(5000, 0), hooks.timestamp(4000, 5000)]).toEqual([5000, 5000]);
    expect(hooks.frame(stamped(amountSelect), amountSelect)).toEqual(stamped(amountSelect));
  });

  it('the timestamp faults go backwards or count seconds', () => {
    expect([on('timestamps-backwards').timestamp(5000, 0), on('timestamps-backwards').timestamp(6000, 5000)]).toEqual([5000, 4000]);
    expect(on('timestamps-in-seconds').timestamp(5_500, 0)).toBe(5);
  });

  it('the frame faults bend exactly their field', () => {
    expect(on('missing-timestamp').frame(stamped(amountSelect), amountSelect)).not.toHaveProperty('timestamp');
    expect(on('string-amounts').frame(stamped(amountSelect), amountSelect).data).toMatchObject({ amounts: ['20', '40'] });
    expect(on('wrong-initial-transaction-id').frame(stamped(amountSelect), amountSelect).transactionId).toBe('T0');
    const keypad: OutboundMessage = { ...amountSelect, screen: 'KEYPAD', data: {} };
    expect(on('wrong-initial-transaction-id').frame(stamped(keypad), keypad).transactionId).toBe('initial');
    expect(on('lowercase-message-type').frame(stamped(amountSelect), amountSelect)).toEqual({ ...stamped(amountSelect), messageType: 'screen_change' });
  });

  it.each<[FaultName, string, unknown]>([
    ['no-server-ping', 'pingsPeers', false],
    ['keeps-silent-peers', 'dropsSilentPeers', false],
    ['accepts-binary', 'closesOnBinary', false],
    ['no-size-limit', 'closesOnOversize', false],
    ['no-rate-limit', 'limitsRate', false],
    ['ping-answered-with-error', 'answersKeepalive', true],
    ['crash-on-bad-json', 'crashesOnBadJson', true],
  ])('%s switches %s', (fault, duty, value) => {
    const hooks = on(fault) as unknown as Record<string, unknown>;
    expect(hooks[duty]).toBe(value);
    expect((correctConnection as unknown as Record<string, unknown>)[duty]).toBe(!value);
  });
});
