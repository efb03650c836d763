import { protocolErrorMessage } from '../../protocol/error-catalogue.js';
import type { FaultName } from '../faults.js';
import type { OutboundMessage } from '../outbound.js';
import type { StampedMessage } from '../frame-text.js';
import type { ServerConnection } from '../server-connection.js';
import { around, type FaultInstaller } from './parts.js';

/** A fault installed on every connection as it opens. */
function onEachConnection(wrap: (connection: ServerConnection) => void): FaultInstaller {
  return (parts) => parts.connections.decorate(wrap);
}

/** A fault that reshapes each stamped frame before it is serialized. */
function reshaped(shape: (wire: Record<string, unknown>, message: StampedMessage) => void): FaultInstaller {
  return onEachConnection((connection) =>
    around(connection, 'serialize', () => (stamped) => {
      const wire: Record<string, unknown> = { ...stamped };
      shape(wire, stamped);
      return connection.edge.serialize(wire);
    }),
  );
}

/** A fault that changes each message before it is stamped. */
function changed(change: (message: OutboundMessage) => OutboundMessage): FaultInstaller {
  return onEachConnection((connection) => around(connection, 'send', (send) => (message) => send(change(message))));
}

const amountSelect = (message: Pick<OutboundMessage, 'messageType' | 'screen'> | StampedMessage): boolean => message.messageType === 'SCREEN_CHANGE' && message.screen === 'AMOUNT_SELECT';

/** Faults of what goes on the wire: the envelope, timestamps, the ERROR's screen and code. */
export const wireFaults = {
  'missing-timestamp': reshaped((wire) => {
    delete wire.timestamp;
  }),
  'string-amounts': reshaped((wire, message) => {
    if (amountSelect(message)) wire.data = { ...message.data, amounts: (message.data.amounts as number[]).map(String) };
  }),
  'wrong-initial-transaction-id': reshaped((wire, message) => {
    if (amountSelect(message) && message.transactionId === 'initial') wire.transactionId = 'T0';
  }),
  'lowercase-message-type': reshaped((wire, message) => {
    wire.messageType = message.messageType.toLowerCase();
  }),
  'timestamps-backwards': onEachConnection((connection) => {
    let last = 0;
    around(connection, 'timestamp', () => (now) => (last = last === 0 ? now : last - 1000));
  }),
  'timestamps-in-seconds': onEachConnection((connection) => {
    let last = 0;
    around(connection, 'timestamp', () => (now) => (last = Math.max(last, Math.floor(now / 1000))));
  }),
  'error-wrong-screen': changed((message) => (message.messageType === 'ERROR' ? { ...message, screen: 'AMOUNT_SELECT' } : message)),
  'wrong-error-code': changed((message) =>
    message.messageType === 'ERROR' && message.data.errorCode === 'INVALID_AMOUNT'
      ? { ...message, data: { errorMessage: protocolErrorMessage('INVALID_MESSAGE'), errorCode: 'INVALID_MESSAGE' } }
      : message,
  ),
} satisfies Partial<Record<FaultName, FaultInstaller>>;
