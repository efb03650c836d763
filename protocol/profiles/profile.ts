import type { DialectFactory } from '../dialects/actions.js';

/** How a connection ended, as a client's reconnect policy sees it. */
export interface ConnectionEnd {
  /** A clean close (a close frame both ways), not a failure. */
  clean: boolean;
  code: number;
}

/** What a profile's client does besides its messages: its handshake and its habits (the kiosk page plays them). */
export interface ClientHabits {
  /** Headers of its upgrade request (the shipped client is OkHttp 4.11). */
  headers: Readonly<Record<string, string>>;
  /** It offers permessage-deflate (DIA-7). */
  offersDeflate: boolean;
  /** How long it waits before reconnecting, undefined for no reconnect. */
  reconnectDelay(attempt: number, end: ConnectionEnd): number | undefined;
  /** In words, for the page's log: the policy, and why there is no reconnect when there is none. */
  reconnectPolicy: string;
  noReconnect: string;
  /** It takes the transaction id of every server message, not only of SCREEN_CHANGE (the shipped client's habit). */
  adoptsEveryTransactionId: boolean;
  /** It leaves LIMIT_ERROR by itself after this many ms (the shipped client's timer); undefined when it waits for the user. */
  leavesLimitErrorAfterMs?: number;
  /** It sends its keepalive when the page comes back to the foreground. */
  keepaliveOnResume: boolean;
}

/** What every registered profile declares, whatever its protocol version. */
export interface ProfileBase<N extends string = string> {
  readonly name: N;
  /** One line for the CLI's help and the kiosk page's profile list. */
  readonly title: string;
  /** The protocol version whose schemas, rules and cases it speaks. */
  readonly protocolVersion: number;
  /** The app release it certifies against, when it is a shipped client's; undefined for the document's own forms. */
  readonly certifiesApp?: string;
}

/**
 * One terminal profile: a protocol version as a client speaks it. Everything
 * the CLI, the certifier, the reference server, the load driver and the kiosk
 * page need to know of a profile is declared here, never compared by name.
 * `M` is the generated type of its terminal messages (type only).
 */
export interface Profile<N extends string = string, M = unknown> extends ProfileBase<N> {
  readonly protocolVersion: 1;
  /** The schema of schemas/ its terminals' messages are validated against. */
  readonly terminalSchema: string;
  /** Its terminal's actions. */
  readonly dialect: DialectFactory;
  readonly client: ClientHabits;
  /** Type only: the generated type of its terminal messages. */
  readonly message?: M;
}

/** Declares a profile; `M` is the generated type of its terminal messages. */
export function defineProfile<M>() {
  return <const N extends string>(profile: Profile<N, M>): Profile<N, M> => profile;
}

/**
 * A protocol v2 profile: v2 as one kiosk release speaks it (docs/protocol-v2.md).
 * Its kiosk is kiosk-v2's VirtualKiosk, not a v1 dialect; `M` is the generated
 * type of its kiosk's messages (type only).
 */
export interface ProfileV2<N extends string = string, M = unknown> extends ProfileBase<N> {
  readonly protocolVersion: 2;
  readonly certifiesApp: string;
  /** The schemas of schemas/ its kiosks' and its backends' messages are validated against. */
  readonly kioskSchema: string;
  readonly backendSchema: string;
  /** Type only: the generated type of its kiosk's messages. */
  readonly message?: M;
}

/** Declares a protocol v2 profile; `M` is the generated type of its kiosk's messages. */
export function defineProfileV2<M>() {
  return <const N extends string>(profile: ProfileV2<N, M>): ProfileV2<N, M> => profile;
}
