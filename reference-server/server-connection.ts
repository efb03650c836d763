import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import type { RawData, WebSocket } from 'ws';
import { CloseCode, MAX_MESSAGE_BYTES, type ProtocolErrorCode } from '../protocol/error-catalogue.js';
import { parseFrame } from '../protocol/frame.js';
import { formatProblem, type Problem } from '../protocol/problems.js';
import type { PintoAndroid1TerminalMessage } from '../protocol/types/generated.js';
import { validateServerMessage } from '../protocol/validator.js';
import { defaultServerConfig } from './api.js';
import type { ServerMetrics } from './metrics.js';
import type { OutboundMessage, Outlet } from './outbound.js';
import type { Scenario } from './scenario.js';
import type { VariantEdge, VariantSet } from './variants.js';
import { serverReads } from '../protocol/profiles/index.js';
import { frameText, type StampedMessage } from './frame-text.js';
import { PongWatch } from './heartbeat.js';

/** ERR-5: more than this many invalid messages within a minute close the connection with 1008. */
export const MAX_INVALID_PER_MINUTE = 20;

/** ws sends a Buffer as a binary frame unless told: these are UTF-8 text frames (TRN-3). */
const TEXT_FRAME = { binary: false } as const;

/** What a connection hands the frames it reads to: its terminal's session, or TC-3's out-of-service stand-in. */
export interface ConnectionTerminal {
  /** A schema-valid terminal message; `reply` gets the answers. */
  handle(message: PintoAndroid1TerminalMessage, reply: Outlet): void;
  /** A frame that fails the schema (ERR-2): its problems' codes, and the frame as parsed (undefined: not JSON). */
  refuseFrame(reply: Outlet, codes: readonly ProtocolErrorCode[], parsed: unknown): void;
  /** A message answered with ERROR `code` and nothing else (ERR-7). */
  refuse(reply: Outlet, code: ProtocolErrorCode): void;
}

/** What a connection needs from its server. */
export interface ConnectionContext {
  /** Legal alternative readings of the sources (see reference-server/variants.ts). */
  variants: VariantSet;
  logger: Logger;
  metrics: ServerMetrics;
  /** Validate every outbound message and log the ones that fail (`--self-check`). */
  selfCheck: boolean;
  /** ERR-7's limit per connection and second; 0: none. Default: the server configuration's default. */
  maxMessagesPerSecond?: number;
  /** Runs a socket write once the state changes of this turn are committed (write-ahead, group-commit.ts). */
  afterCommit(write: () => void, key?: object): void;
  /** The release a write queued now would join: frames queued under one epoch leave together (GroupCommit.epoch). */
  commitEpoch?(): number;
}

/** The frames one turn sends on a connection, and when the action they answer arrived (for the latency histogram). */
interface Outbox {
  frames: Buffer[];
  actionStarted: number | undefined;
}

/**
 * The server's end of one terminal's WebSocket: frame checks (TRN-3, TRN-4,
 * TRN-9, ERR-1, ERR-5, ERR-7), timestamps (ENV-8, ENV-9), heartbeat (TRN-8),
 * logs (LOG-1..3). Protocol decisions belong to the terminal session. Each
 * duty is one method, so what the server is built with may wrap it.
 */
export class ServerConnection implements Outlet {
  private lastTimestamp = 0;
  private readonly invalidTimes: number[] = [];
  private readonly acceptedTimes: number[] = [];
  private readonly pongs: PongWatch;
  /** Whether frames are logged (LOG-1): when not, the object describing each is not even built. */
  private readonly logsFrames: boolean;
  readonly log: Logger;
  /** Where the variants shape, add, delay or drop frames. */
  readonly edge: VariantEdge;
  /** Frames of the current release not yet sent, and the epoch of that release (queueFrame). */
  private outbox: Outbox | undefined;
  private outboxEpoch: number | undefined;
  /** Whether the TCP socket is corked until the end of this tick. */
  private corked = false;

  constructor(
    private readonly ctx: ConnectionContext,
    readonly ws: WebSocket,
    readonly terminalId: string,
    readonly scenario: Scenario,
    /** Whom the frames read go to. */
    readonly terminal: ConnectionTerminal,
    /** The TCP (or TLS) socket under `ws`, corked while a turn's frames are written. */
    private readonly socket?: Socket,
  ) {
    this.log = ctx.logger.child({ terminalId });
    this.logsFrames = this.log.isLevelEnabled('info');
    this.edge = ctx.variants.edge();
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    this.pongs = new PongWatch(ws);
  }

  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  /** Closes with a protocol close code, counted and logged. */
  close(code: number, reason: string): void {
    if (this.ws.readyState !== this.ws.OPEN && this.ws.readyState !== this.ws.CONNECTING) return;
    this.ctx.metrics.closes.inc({ code: String(code) });
    this.log.info({ code, reason }, 'closing connection');
    // Frames queued after the close go behind it, as they would without batching.
    this.outbox = undefined;
    this.ctx.afterCommit(() => this.edge.transmit(() => this.ws.close(code, this.edge.closeReason(reason))), this);
  }

  /** TRN-8: one heartbeat tick. Drops a peer that missed two pongs in a row, pings it otherwise. */
  heartbeat(): void {
    if (this.open && !this.pongs.beat()) this.dropSilentPeer();
  }

  /** TRN-8: a peer that missed two pongs in a row is dropped. */
  dropSilentPeer(): void {
    this.log.warn('peer missed two pongs: dropping it');
    this.ws.terminate();
  }

  /** ENV-8, ENV-9: the timestamp of the next frame at `now` (epoch ms): never before the last one sent. */
  timestamp(now: number): number {
    this.lastTimestamp = Math.max(this.lastTimestamp, now);
    return this.lastTimestamp;
  }

  /** The JSON text of a stamped frame; with no variant, frameText's shared screen data serialized once. */
  serialize(stamped: StampedMessage): string {
    return this.edge.plain ? frameText(stamped) : this.edge.serialize(stamped as unknown as Record<string, unknown>);
  }

  send(message: OutboundMessage): void {
    if (!this.open) return;
    // The common case, no variant: one message, no array.
    if (this.edge.plain) this.sendOne(message);
    else for (const each of this.edge.expand(message)) this.sendOne(each);
  }

  private sendOne(message: OutboundMessage): void {
    const timestamp = this.timestamp(this.edge.timestamp(Date.now()));
    // The data object is shared, not copied: nothing below changes it in place.
    // A literal, not a spread: the clone of a spread is V8's slow path on the busiest line of the server.
    const stamped: StampedMessage = { messageType: message.messageType, screen: message.screen, data: message.data, transactionId: message.transactionId, timestamp };
    this.ctx.metrics.messagesOut.inc(message.messageType);
    if (message.messageType === 'ERROR') this.ctx.metrics.errors.inc({ code: String(message.data.errorCode) });
    // Serialized once: the log and the self-check get the very text that goes on the wire.
    const text = this.serialize(stamped);
    if (this.ctx.selfCheck) {
      const wire: unknown = JSON.parse(text);
      const result = validateServerMessage(wire);
      if (!result.ok) this.log.error({ problems: result.problems.map(formatProblem), message: wire }, 'self-check: outbound message is not valid');
    }
    if (this.logsFrames) this.log.info({ direction: 'out', frame: text }, 'message sent');
    this.queueFrame(text);
  }

  /**
   * Queues a frame to leave once its turn is committed. The frames of one turn
   * share one after-commit effect (one closure, one entry in the group commit
   * per connection and turn, not per frame) and leave in order.
   */
  private queueFrame(text: string): void {
    const joined = this.openOutbox();
    if (joined !== undefined) {
      joined.frames.push(Buffer.from(text));
      return;
    }
    // Encoded now: the text dies young instead of living on the heap until the commit (and its fsync) lets it go.
    const box: Outbox = { frames: [Buffer.from(text)], actionStarted: undefined };
    this.outbox = box;
    this.outboxEpoch = this.ctx.commitEpoch?.();
    this.ctx.afterCommit(() => {
      if (this.outbox === box) this.outbox = undefined;
      if (box.actionStarted !== undefined) this.observeLatency(box.actionStarted);
      for (const frame of box.frames) {
        this.edge.transmit(() => {
          if (!this.open) return;
          this.cork();
          this.ws.send(frame, TEXT_FRAME);
        });
      }
    }, this);
  }

  /** Holds this socket's writes until the current tick ends: the frames of one turn leave in one writev. */
  private cork(): void {
    if (this.corked || !this.socket) return;
    this.corked = true;
    this.socket.cork();
    process.nextTick(() => {
      this.corked = false;
      this.socket?.uncork();
    });
  }

  private onMessage(raw: RawData, isBinary: boolean): void {
    if (this.edge.dropsFrame(raw, isBinary)) {
      // RFC 6455 8.1: invalid UTF-8 fails the connection; this variant fails it without a close frame.
      this.log.warn('text frame is not valid UTF-8: dropping the connection');
      this.outbox = undefined;
      this.ctx.afterCommit(() => this.edge.transmit(() => this.ws.terminate()), this);
      return;
    }
    if (isBinary) {
      this.binaryFrame();
      return;
    }
    this.ctx.metrics.messagesIn.inc();
    const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : Array.isArray(raw) ? Buffer.concat(raw).toString('utf8') : Buffer.from(raw).toString('utf8');
    const started = performance.now();
    const result = parseFrame(text, { from: 'terminal', profile: serverReads, maxBytes: MAX_MESSAGE_BYTES });
    if (result.ok && result.keepalive) {
      this.keepalive();
      return;
    }
    if (this.logsFrames) this.log.info({ direction: 'in', message: result.ok ? result.value : text.slice(0, 2000) }, 'message received');
    if (this.ctx.maxMessagesPerSecond !== 0 && this.rateLimited()) {
      this.terminal.refuse(this, 'RATE_LIMITED');
      return;
    }
    if (!result.ok) {
      if (result.problems.some((p) => p.closeCode === CloseCode.MESSAGE_TOO_BIG)) this.oversizeFrame(result.problems, result.parsed);
      else this.invalidFrame(result.problems, result.parsed);
      return;
    }
    this.terminal.handle(result.value, this);
    // The answer leaves after the commit (and its fsync): that is when the terminal can have it. Timed by
    // the effect that sends it when there is one (one effect per turn, not two), by an effect of its own if not.
    const box = this.openOutbox();
    if (box !== undefined && box.actionStarted === undefined) box.actionStarted = started;
    else this.ctx.afterCommit(() => this.observeLatency(started), this);
  }

  /** TRN-3: a binary frame closes the connection with 1003. */
  binaryFrame(): void {
    this.log.warn('binary frame received');
    this.close(CloseCode.UNSUPPORTED_DATA, 'binary frames are not supported');
  }

  /** TRN-9: the {"ping":true} keepalive is never answered, never counted. */
  keepalive(): void {}

  /** TRN-4: a frame over 64 KiB closes the connection with 1009. */
  oversizeFrame(_problems: Problem[], _parsed: unknown): void {
    this.close(CloseCode.MESSAGE_TOO_BIG, 'message over 64 KiB');
  }

  /** ERR-1, ERR-2: a frame that fails the schema is answered ERROR (the session ranks its problems), unless it is one too many (ERR-5: 1008). */
  invalidFrame(problems: Problem[], parsed: unknown): void {
    this.log.info({ problems: problems.map(formatProblem) }, 'invalid message');
    if (this.tooManyInvalid()) {
      this.close(CloseCode.POLICY_VIOLATION, 'too many invalid messages');
      return;
    }
    this.terminal.refuseFrame(this, problems.map((p) => p.code), parsed);
  }

  /** The outbox whose after-commit effect has not run and that frames queued now still join (same epoch); none without a group commit's epochs. */
  private openOutbox(): Outbox | undefined {
    const epoch = this.ctx.commitEpoch?.();
    return epoch !== undefined && epoch === this.outboxEpoch ? this.outbox : undefined;
  }

  private observeLatency(started: number): void {
    this.ctx.metrics.actionLatency.observe((performance.now() - started) / 1000);
  }

  /** ERR-7: whether this message is one more than the connection may send this second. */
  rateLimited(): boolean {
    const now = Date.now();
    while (this.acceptedTimes.length > 0 && now - (this.acceptedTimes[0] ?? 0) >= 1000) this.acceptedTimes.shift();
    if (this.acceptedTimes.length >= (this.ctx.maxMessagesPerSecond ?? defaultServerConfig.maxMessagesPerSecond)) return true;
    this.acceptedTimes.push(now);
    return false;
  }

  private tooManyInvalid(): boolean {
    const now = Date.now();
    while (this.invalidTimes.length > 0 && now - (this.invalidTimes[0] ?? 0) >= 60_000) this.invalidTimes.shift();
    this.invalidTimes.push(now);
    return this.invalidTimes.length > MAX_INVALID_PER_MINUTE;
  }
}
