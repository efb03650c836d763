import type { FaultSet } from './faults.js';
import type { OutboundMessage } from './outbound.js';

/**
 * The deliberate faults of faults.ts that live on the socket, as hooks of a
 * connection (connection.ts): what a correct server does is the default, and a
 * fault replaces one value or switches off one duty. Built once per FaultSet.
 */
export interface ConnectionFaultHooks {
  /** no-server-ping: the server pings its peers (TRN-8). */
  readonly pingsPeers: boolean;
  /** keeps-silent-peers: a peer that missed two pongs is dropped (TRN-8). */
  readonly dropsSilentPeers: boolean;
  /** accepts-binary: a binary frame closes the connection with 1003 (TRN-3). */
  readonly closesOnBinary: boolean;
  /** no-size-limit: a frame over 64 KiB closes the connection with 1009 (TRN-4). */
  readonly closesOnOversize: boolean;
  /** no-rate-limit: more than 50 messages a second are answered RATE_LIMITED (ERR-7). */
  readonly limitsRate: boolean;
  /** ping-answered-with-error: the {"ping":true} keepalive gets an ERROR INVALID_MESSAGE (TRN-9: it must not). */
  readonly answersKeepalive: boolean;
  /** crash-on-bad-json: a frame that is not JSON closes the connection with 1011 (ERR-1: it must not). */
  readonly crashesOnBadJson: boolean;
  /** timestamps-backwards, timestamps-in-seconds: the timestamp of the next frame, from the clock's and the last one sent (ENV-8, ENV-9). */
  timestamp(now: number, last: number): number;
  /** missing-timestamp, string-amounts, wrong-initial-transaction-id, lowercase-message-type: the stamped frame as it goes out (ENV-1, ENV-7, ENV-11, FLOW-1). */
  frame(wire: Record<string, unknown>, message: OutboundMessage): Record<string, unknown>;
}

/** The hooks of a correct server. */
export const correctConnection: ConnectionFaultHooks = {
  pingsPeers: true,
  dropsSilentPeers: true,
  closesOnBinary: true,
  closesOnOversize: true,
  limitsRate: true,
  answersKeepalive: false,
  crashesOnBadJson: false,
  // ENV-9: server timestamps never go backwards.
  timestamp: (now, last) => Math.max(last, now),
  frame: (wire) => wire,
};

const built = new WeakMap<FaultSet, ConnectionFaultHooks>();

/** The connection hooks of the faults switched on. */
export function connectionFaultHooks(faults: FaultSet): ConnectionFaultHooks {
  let hooks = built.get(faults);
  if (!hooks) {
    hooks = build(faults);
    built.set(faults, hooks);
  }
  return hooks;
}

function build(faults: FaultSet): ConnectionFaultHooks {
  const on = faults.has.bind(faults);
  const hooks: ConnectionFaultHooks = {
    ...correctConnection,
    pingsPeers: !on('no-server-ping'),
    dropsSilentPeers: !on('keeps-silent-peers'),
    closesOnBinary: !on('accepts-binary'),
    closesOnOversize: !on('no-size-limit'),
    limitsRate: !on('no-rate-limit'),
    answersKeepalive: on('ping-answered-with-error'),
    crashesOnBadJson: on('crash-on-bad-json'),
  };
  if (on('timestamps-backwards')) hooks.timestamp = (now, last) => (last === 0 ? now : last - 1000);
  else if (on('timestamps-in-seconds')) hooks.timestamp = (now, last) => Math.max(last, Math.floor(now / 1000));
  if (on('missing-timestamp') || on('string-amounts') || on('wrong-initial-transaction-id') || on('lowercase-message-type')) {
    hooks.frame = (wire, message) => {
      if (on('missing-timestamp')) delete wire.timestamp;
      if (on('lowercase-message-type')) wire.messageType = message.messageType.toLowerCase();
      if (message.messageType === 'SCREEN_CHANGE' && message.screen === 'AMOUNT_SELECT') {
        if (on('string-amounts')) wire.data = { ...message.data, amounts: (message.data.amounts as number[]).map(String) };
        if (on('wrong-initial-transaction-id') && message.transactionId === 'initial') wire.transactionId = 'T0';
      }
      return wire;
    };
  }
  return hooks;
}
