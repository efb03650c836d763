import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import type { RawData, WebSocket } from 'ws';
import { CloseCode, MAX_MESSAGE_BYTES, type ProtocolErrorCode } from '../protocol/error-catalogue.js';
import { parseFrame } from '../protocol/frame.js';
import { formatProblem, type Problem } from '../protocol/problems.js';
import { validateServerMessage } from '../protocol/validator.js';
import { invalidFrameAnswer } from './action-rules.js';
import { connectionFaultHooks, type ConnectionFaultHooks } from './connection-faults.js';
import { defaultServerConfig } from './api.js';
import type { FaultSet } from './faults.js';
import type { ServerMetrics } from './metrics.js';
import type { OutboundMessage, Outlet } from './outbound.js';
import type { Scenario } from './scenario.js';
import type { TerminalSession } from './terminal-session.js';
import type { VariantEdge, VariantSet } from './variants.js';
import { frameText, type StampedMessage } from './frame-text.js';

/** ERR-5: more than this many invalid messages within a minute close the connection with 1008. */
export const MAX_INVALID_PER_MINUTE = 20;

/** ws sends a Buffer as a binary frame unless told: these are UTF-8 text frames (TRN-3). */
const TEXT_FRAME = { binary: false } as const;

/** What a connection needs from its server. */
export interface ConnectionContext {
  faults: FaultSet;
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
 * One terminal's WebSocket: frame checks (TRN-3, TRN-4, TRN-9, ERR-1, ERR-5,
 * ERR-7), timestamps (ENV-8, ENV-9), heartbeat (TRN-8), logs (LOG-1..3).
 * Protocol decisions belong to the terminal session.
 */
export class TerminalConnection implements Outlet {
  private lastTimestamp = 0;
  private readonly invalidTimes: number[] = [];
  private readonly acceptedTimes: number[] = [];
  private missedPongs = 0;
  /** No fault and no variant shape the frames: frameText may write them. */
  private readonly plainFrames: boolean;
  /** Whether frames are logged (LOG-1): when not, the object describing each is not even built. */
  private readonly logsFrames: boolean;
  private readonly log: Logger;
  /** Where the variants shape, add, delay or drop frames. */
  private readonly edge: VariantEdge;
  /** Where the deliberate faults bend the transport (connection-faults.ts). */
  private readonly faults: ConnectionFaultHooks;
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
    private readonly session: TerminalSession,
    /** The TCP (or TLS) socket under `ws`, corked while a turn's frames are written. */
    private readonly socket?: Socket,
  ) {
    this.log = ctx.logger.child({ terminalId });
    this.logsFrames = this.log.isLevelEnabled('info');
    this.edge = ctx.variants.edge();
    this.plainFrames = this.edge.plain && ctx.faults.list().length === 0;
    this.faults = connectionFaultHooks(ctx.faults);
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('pong', () => {
      this.missedPongs = 0;
    });
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

  /** TRN-8: one heartbeat tick. Drops a peer that missed two pongs in a row. */
  heartbeat(): void {
    if (!this.open || !this.faults.pingsPeers) return;
    if (this.missedPongs >= 2 && this.faults.dropsSilentPeers) {
      this.log.warn('peer missed two pongs: dropping it');
      this.ws.terminate();
      return;
    }
    this.missedPongs++;
    this.ws.ping();
  }

  send(message: OutboundMessage): void {
    if (!this.open) return;
    // The common case, no variant: one message, no array.
    if (this.edge.plain) this.sendOne(message);
    else for (const each of this.edge.expand(message)) this.sendOne(each);
  }

  private sendOne(message: OutboundMessage): void {
    // ENV-8, ENV-9: epoch milliseconds, never going backwards.
    const timestamp = this.faults.timestamp(this.edge.timestamp(Date.now()), this.lastTimestamp);
    this.lastTimestamp = timestamp;
    // The data object is shared, not copied: nothing below changes it in place.
    // A literal, not a spread: the clone of a spread is V8's slow path on the busiest line of the server.
    const stamped: StampedMessage = { messageType: message.messageType, screen: message.screen, data: message.data, transactionId: message.transactionId, timestamp };
    const wire = this.faults.frame(stamped as unknown as Record<string, unknown>, message);
    if (this.ctx.selfCheck) {
      const result = validateServerMessage(wire);
      if (!result.ok) this.log.error({ problems: result.problems.map(formatProblem), message: wire }, 'self-check: outbound message is not valid');
    }
    this.ctx.metrics.messagesOut.inc(message.messageType);
    if (message.messageType === 'ERROR') this.ctx.metrics.errors.inc({ code: String(message.data.errorCode) });
    // Serialized once: the log gets the very text that goes on the wire.
    // No fault and no variant: the same bytes as JSON.stringify, shared screen data serialized once.
    const text = this.plainFrames ? frameText(stamped) : this.edge.serialize(wire);
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
    const faults = this.faults;
    if (this.edge.dropsFrame(raw, isBinary)) {
      // RFC 6455 8.1: invalid UTF-8 fails the connection; this variant fails it without a close frame.
      this.log.warn('text frame is not valid UTF-8: dropping the connection');
      this.outbox = undefined;
      this.ctx.afterCommit(() => this.edge.transmit(() => this.ws.terminate()), this);
      return;
    }
    if (isBinary) {
      this.log.warn('binary frame received');
      if (faults.closesOnBinary) this.close(CloseCode.UNSUPPORTED_DATA, 'binary frames are not supported');
      return;
    }
    this.ctx.metrics.messagesIn.inc();
    const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : Array.isArray(raw) ? Buffer.concat(raw).toString('utf8') : Buffer.from(raw).toString('utf8');
    const started = performance.now();
    const result = parseFrame(text, { from: 'terminal', profile: 'pinto-android-1', maxBytes: MAX_MESSAGE_BYTES });
    if (result.ok && result.keepalive) {
      // TRN-9: never answered, never counted.
      if (faults.answersKeepalive) this.session.reject(this, 'INVALID_MESSAGE');
      return;
    }
    if (this.logsFrames) this.log.info({ direction: 'in', message: result.ok ? result.value : text.slice(0, 2000) }, 'message received');
    if (faults.limitsRate && this.ctx.maxMessagesPerSecond !== 0 && this.rateLimited()) {
      this.session.reject(this, 'RATE_LIMITED');
      return;
    }
    if (!result.ok) {
      const problems = result.problems;
      if (problems.some((p) => p.closeCode === CloseCode.MESSAGE_TOO_BIG) && faults.closesOnOversize) {
        this.close(CloseCode.MESSAGE_TOO_BIG, 'message over 64 KiB');
        return;
      }
      if (faults.crashesOnBadJson && problems.some((p) => p.requirement === 'ERR-1')) {
        this.close(CloseCode.INTERNAL_ERROR, 'internal error');
        return;
      }
      this.log.info({ problems: problems.map(formatProblem) }, 'invalid message');
      if (this.tooManyInvalid()) {
        this.close(CloseCode.POLICY_VIOLATION, 'too many invalid messages');
        return;
      }
      this.session.reject(this, this.codeFor(problems, result.parsed), result.parsed);
      return;
    }
    if (!this.session.isAttached(this)) {
      // A replaced connection left open (no-replace-close fault) still gets answers from the session.
      this.log.debug('message on a connection that is no longer the terminal\'s current one');
    }
    this.session.handle(result.value, this);
    // The answer leaves after the commit (and its fsync): that is when the terminal can have it. Timed by
    // the effect that sends it when there is one (one effect per turn, not two), by an effect of its own if not.
    const box = this.openOutbox();
    if (box !== undefined && box.actionStarted === undefined) box.actionStarted = started;
    else this.ctx.afterCommit(() => this.observeLatency(started), this);
  }

  /** The outbox whose after-commit effect has not run and that frames queued now still join (same epoch); none without a group commit's epochs. */
  private openOutbox(): Outbox | undefined {
    const epoch = this.ctx.commitEpoch?.();
    return epoch !== undefined && epoch === this.outboxEpoch ? this.outbox : undefined;
  }

  private observeLatency(started: number): void {
    this.ctx.metrics.actionLatency.observe((performance.now() - started) / 1000);
  }

  /** The answer to a frame that fails the schema, ranked by ERR-10 (action-rules.ts); the session answers it (session-output.ts). */
  private codeFor(problems: Problem[], parsed: unknown): ProtocolErrorCode {
    const id = (parsed as { transactionId?: unknown } | undefined)?.transactionId;
    return invalidFrameAnswer(problems.map((p) => p.code), id, this.session.activeTransactionId);
  }

  private rateLimited(): boolean {
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
