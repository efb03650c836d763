import { jsonOf } from './screens.js';

/** A stamped server message as the connection sends it, keys in this order. */
export interface StampedMessage {
  messageType: string;
  screen: string;
  data: Record<string, unknown>;
  transactionId: string;
  timestamp: number;
}

/**
 * The JSON text of a stamped message, exactly what `JSON.stringify` gives for
 * it (same keys, same order), but with the data's text taken from the cache
 * of shared screen data (screens.ts `jsonOf`): AMOUNT_SELECT, KEYPAD and
 * PAYMENT_METHOD are serialized once per configuration, not once a frame.
 */
export function frameText(message: StampedMessage): string {
  return `{"messageType":${JSON.stringify(message.messageType)},"screen":${JSON.stringify(message.screen)},"data":${jsonOf(message.data)},"transactionId":${JSON.stringify(message.transactionId)},"timestamp":${JSON.stringify(message.timestamp)}}`;
}
