import type { ProtocolErrorCode } from '../protocol/error-catalogue.js';
import type { Screen } from '../protocol/screen-graph.js';
import type { Scenario } from './scenario.js';

/** A server message before the connection stamps it with its timestamp (ENV-8, ENV-9). */
export interface OutboundMessage {
  messageType: 'SCREEN_CHANGE' | 'ERROR' | 'STATUS_UPDATE';
  screen: Screen;
  data: Record<string, unknown>;
  transactionId: string;
}

/** Where a terminal session sends its messages: the terminal's current connection. */
export interface Outlet {
  /** Stamps, logs and sends one message; a no-op once the socket is closed. */
  send(message: OutboundMessage): void;
  /** The test-control scenario this connection named (TC-4), `approve` otherwise. */
  readonly scenario: Scenario;
  /** Whether the socket is still open. */
  readonly open: boolean;
}

/** An ERROR message body (SCR-12). */
export interface ErrorBody {
  code: ProtocolErrorCode;
  message: string;
}
