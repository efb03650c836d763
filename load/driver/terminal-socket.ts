import { isUtf8 } from 'node:buffer';
import { createHash, randomBytes, randomFillSync } from 'node:crypto';
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

/**
 * What a TerminalSocket tells its owner. One object per terminal implements
 * it (the DrivenTerminal), so a socket needs no closures of its own.
 */
export interface TerminalSocketOwner {
  /** The opening handshake succeeded; `headers` are the 101 response's, names in lower case. */
  socketOpened(socket: TerminalSocket, headers: Record<string, string>): void;
  /** A complete, valid UTF-8 text message. */
  socketText(socket: TerminalSocket, text: string): void;
  /** A complete binary message (its content is not kept). */
  socketBinary(socket: TerminalSocket): void;
  /**
   * The connection failed or the peer broke RFC 6455; `socketClosed` follows.
   * `status` is the HTTP status when the server answered the upgrade with something other than 101.
   */
  socketError(socket: TerminalSocket, message: string, status?: number, code?: string): void;
  /** The TCP connection is gone. Called exactly once per socket. */
  socketClosed(socket: TerminalSocket): void;
}

export interface TerminalSocketOptions {
  /** Extra request headers of the opening handshake (X-Test-Scenario, TC-1). */
  headers?: Record<string, string>;
  localAddress?: string;
  /** Deadline of the opening handshake, ms. */
  handshakeTimeoutMs: number;
}

/** The `ws` package's default, kept so the driver accepts what it accepted before. */
const maxPayload = 100 * 1024 * 1024;
/** How long a close handshake may take before the socket is destroyed (ws: 30 s). */
const closeTimeoutMs = 30_000;
const maxHandshakeResponse = 16 * 1024;
const acceptGuid = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

const enum State { Connecting, Open, Closing, Closed }

/** Mask keys come from one shared pool: one random fill per 2,048 frames instead of one per frame. */
const maskPool = Buffer.alloc(8192);
let maskOffset = maskPool.length;
function nextMask(): Buffer {
  if (maskOffset + 4 > maskPool.length) {
    randomFillSync(maskPool);
    maskOffset = 0;
  }
  maskOffset += 4;
  return maskPool.subarray(maskOffset - 4, maskOffset);
}

const socketOwner = Symbol('terminalSocket');
type OwnedSocket = Socket & { [socketOwner]: TerminalSocket };

/**
 * A WebSocket client (RFC 6455) cut to what a simulated terminal needs: no
 * extensions, no subprotocols, text out, both kinds of message in. It exists
 * because the `ws` client keeps about 2 KiB of objects per connection (its
 * WebSocket, Receiver and Sender, each an event emitter with stream state,
 * plus listener closures and a stale handshake timer); this keeps a few
 * fields, so the driver holds more terminals per GiB.
 *
 * What it still checks, as `ws` does: the 101 answer and
 * Sec-WebSocket-Accept, no extension or subprotocol the client did not
 * offer, unmasked server frames, RSV bits clear, control frames short and
 * unfragmented, continuation order, payload size, and UTF-8 in every text
 * message (invalid -> close 1007, RFC 6455 §8.1). Pings are answered.
 */
export class TerminalSocket {
  private state = State.Connecting;
  private readonly socket: OwnedSocket;
  /** Bytes of an unfinished handshake response or frame. */
  private pending: Buffer | undefined;
  /** Payloads of an unfinished fragmented message. */
  private fragments: Buffer[] | undefined;
  private fragmentsBinary = false;
  private fragmentsLength = 0;
  private key: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closeSent = false;
  /** Frames are read from the handshake until a close frame or a protocol error. */
  private reading = false;
  private request: string | undefined;

  constructor(url: URL, private readonly owner: TerminalSocketOwner, options: TerminalSocketOptions) {
    const secure = url.protocol === 'wss:';
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const port = Number(url.port) || (secure ? 443 : 80);
    this.key = randomBytes(16).toString('base64');
    let request = `GET ${url.pathname || '/'}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${this.key}\r\nSec-WebSocket-Version: 13\r\n`;
    for (const [name, value] of Object.entries(options.headers ?? {})) request += `${name}: ${value}\r\n`;
    this.request = `${request}\r\n`;
    const local = options.localAddress !== undefined ? { localAddress: options.localAddress } : {};
    const socket = (secure
      ? connectTls({ host, port, servername: host, ...local })
      : connectTcp({ host, port, ...local })) as OwnedSocket;
    socket[socketOwner] = this;
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on(secure ? 'secureConnect' : 'connect', onConnect);
    socket.on('data', onData);
    socket.on('error', onSocketError);
    // No 'end' listener: with allowHalfOpen off (the default) Node ends our side when the peer ends its own.
    socket.on('close', onSocketClose);
    this.timer = setTimeout(onHandshakeTimeout, options.handshakeTimeoutMs, this);
  }

  /** Whether the handshake is done and no close has started. */
  get isOpen(): boolean {
    return this.state === State.Open;
  }

  /** Sends one text message (ignored unless open). */
  send(text: string): void {
    if (this.state !== State.Open) return;
    this.writeFrame(0x1, Buffer.from(text, 'utf8'));
  }

  /** Starts the close handshake; the socket is destroyed if the peer does not finish it in 30 s. */
  close(code = 1000): void {
    if (this.state === State.Closed) return;
    if (this.state === State.Connecting) {
      this.fail('WebSocket was closed before the connection was established');
      return;
    }
    this.sendClose(code);
  }

  /** Drops the connection at once, without a close handshake. */
  terminate(): void {
    if (this.state === State.Closed) return;
    this.state = State.Closing;
    this.socket.destroy();
  }

  // Called by the shared socket listeners below.

  /** @internal */
  connected(): void {
    const request = this.request!;
    this.request = undefined;
    this.socket.write(request);
  }

  /** @internal */
  received(chunk: Buffer): void {
    let data = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    if (this.state === State.Connecting) {
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) {
        if (data.length > maxHandshakeResponse) this.fail('the handshake response is too large');
        else this.pending = data;
        return;
      }
      if (!this.handshake(data.toString('latin1', 0, end))) return;
      data = data.subarray(end + 4);
    }
    let offset = 0;
    while (this.reading) {
      const used = this.frame(data, offset);
      if (used === 0) break;
      offset += used;
    }
    if (offset < data.length && this.reading) this.pending = Buffer.from(data.subarray(offset));
  }

  /** @internal `code`: the errno code of a failed connect (EMFILE, EADDRNOTAVAIL, ...), which tells local limits apart. */
  errored(message: string, code?: string): void {
    this.owner.socketError(this, message, undefined, code);
  }

  /** @internal */
  gone(): void {
    if (this.state === State.Closed) return;
    this.state = State.Closed;
    this.reading = false;
    this.clearTimer();
    this.pending = undefined;
    this.fragments = undefined;
    this.owner.socketClosed(this);
  }

  /** @internal */
  handshakeTimedOut(): void {
    this.timer = undefined;
    if (this.state === State.Connecting) this.fail('Opening handshake has timed out');
  }

  private handshake(head: string): boolean {
    const lines = head.split('\r\n');
    const status = /^HTTP\/1\.1 (\d{3})/.exec(lines[0] ?? '');
    if (!status) return this.fail('the handshake response is not HTTP/1.1'), false;
    if (status[1] !== '101') return this.fail(`Unexpected server response: ${status[1]}`, Number(status[1])), false;
    const headers: Record<string, string> = {};
    for (let i = 1; i < lines.length; i++) {
      const colon = lines[i]!.indexOf(':');
      if (colon <= 0) continue;
      const name = lines[i]!.slice(0, colon).trim().toLowerCase();
      const value = lines[i]!.slice(colon + 1).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    if (headers.upgrade?.toLowerCase() !== 'websocket') return this.fail('Invalid Upgrade header'), false;
    if (!headers.connection?.toLowerCase().split(/\s*,\s*/).includes('upgrade')) return this.fail('Invalid Connection header'), false;
    const expected = createHash('sha1').update(this.key + acceptGuid).digest('base64');
    if (headers['sec-websocket-accept'] !== expected) return this.fail('Invalid Sec-WebSocket-Accept header'), false;
    if (headers['sec-websocket-extensions'] !== undefined) return this.fail('Server sent a Sec-WebSocket-Extensions header but no extension was requested'), false;
    if (headers['sec-websocket-protocol'] !== undefined) return this.fail('Server sent a subprotocol but none was requested'), false;
    this.key = undefined;
    this.clearTimer();
    this.state = State.Open;
    this.reading = true;
    this.owner.socketOpened(this, headers);
    return this.reading;
  }

  /** Reads one frame at `offset`; returns the bytes it used, 0 when the frame is not complete yet. */
  private frame(data: Buffer, offset: number): number {
    if (data.length - offset < 2) return 0;
    const b0 = data[offset]!;
    const b1 = data[offset + 1]!;
    const fin = (b0 & 0x80) !== 0;
    const opcode = b0 & 0x0f;
    let length = b1 & 0x7f;
    let header = 2;
    if (length === 126) {
      if (data.length - offset < 4) return 0;
      length = data.readUInt16BE(offset + 2);
      header = 4;
    } else if (length === 127) {
      if (data.length - offset < 10) return 0;
      const high = data.readUInt32BE(offset + 2);
      if (high > 0x1fffff) return this.protocolError(1009, 'Unsupported WebSocket frame: payload length > 2^53 - 1');
      length = high * 2 ** 32 + data.readUInt32BE(offset + 6);
      header = 10;
    }
    if ((b0 & 0x70) !== 0) return this.protocolError(1002, 'Invalid WebSocket frame: RSV1, RSV2 and RSV3 must be clear');
    if ((b1 & 0x80) !== 0) return this.protocolError(1002, 'Invalid WebSocket frame: MASK must be clear');
    if (opcode >= 0x8) {
      if (!fin) return this.protocolError(1002, 'Invalid WebSocket frame: FIN must be set');
      if (length > 125) return this.protocolError(1002, `Invalid WebSocket frame: invalid payload length ${length}`);
      if (opcode > 0xa) return this.protocolError(1002, `Invalid WebSocket frame: invalid opcode ${opcode}`);
    } else if (opcode === 0x0) {
      if (!this.fragments) return this.protocolError(1002, 'Invalid WebSocket frame: invalid opcode 0');
    } else if (opcode === 0x1 || opcode === 0x2) {
      if (this.fragments) return this.protocolError(1002, `Invalid WebSocket frame: invalid opcode ${opcode}`);
    } else {
      return this.protocolError(1002, `Invalid WebSocket frame: invalid opcode ${opcode}`);
    }
    if (opcode < 0x8 && this.fragmentsLength + length > maxPayload) return this.protocolError(1009, 'Max payload size exceeded');
    if (data.length - offset < header + length) return 0;
    const payload = data.subarray(offset + header, offset + header + length);
    const used = header + length;
    if (opcode === 0x8) return this.onClose(payload), used;
    if (opcode === 0x9) {
      // RFC 6455 §5.5.2: answer a ping with a pong carrying its payload (TRN-8 pings must be answered).
      if (this.state === State.Open) this.writeFrame(0xa, Buffer.from(payload));
      return used;
    }
    if (opcode === 0xa) return used;
    if (!fin) {
      if (opcode !== 0x0) this.fragmentsBinary = opcode === 0x2;
      (this.fragments ??= []).push(Buffer.from(payload));
      this.fragmentsLength += length;
      return used;
    }
    let message = payload;
    let binary = opcode === 0x2;
    if (this.fragments) {
      this.fragments.push(payload);
      message = Buffer.concat(this.fragments);
      binary = this.fragmentsBinary;
      this.fragments = undefined;
      this.fragmentsLength = 0;
    }
    // Like ws, messages that arrive after our own close() are still delivered, until the server's close frame.
    if (binary) {
      this.owner.socketBinary(this);
      return used;
    }
    if (!isUtf8(message)) return this.protocolError(1007, 'Invalid WebSocket frame: invalid UTF-8 sequence');
    this.owner.socketText(this, message.toString('utf8'));
    return used;
  }

  private onClose(payload: Buffer): void {
    if (payload.length === 1) {
      this.protocolError(1002, 'Invalid WebSocket frame: invalid payload length 1');
      return;
    }
    if (payload.length >= 2 && !isUtf8(payload.subarray(2))) {
      this.protocolError(1007, 'Invalid WebSocket frame: invalid UTF-8 sequence');
      return;
    }
    // Echo the close (RFC 6455 §5.5.1) and end our side; the server closes TCP.
    this.reading = false;
    if (!this.closeSent) this.sendClose(payload.length >= 2 ? payload.readUInt16BE(0) : 1000);
    this.state = State.Closing;
    this.socket.end();
  }

  /** Reports a broken frame, closes with `code`; stops frame reading. */
  private protocolError(code: number, message: string): 0 {
    this.reading = false;
    this.owner.socketError(this, message);
    if (this.state !== State.Closed) {
      if (!this.closeSent) this.sendClose(code);
      this.state = State.Closing;
      this.pending = undefined;
      this.fragments = undefined;
      this.socket.end();
    }
    return 0;
  }

  private sendClose(code: number): void {
    if (this.closeSent) return;
    this.closeSent = true;
    this.state = State.Closing;
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(code === 1005 || code === 1006 || code === 1015 ? 1000 : code, 0);
    this.writeFrame(0x8, payload);
    this.clearTimer();
    this.timer = setTimeout(onCloseTimeout, closeTimeoutMs, this);
  }

  /** Writes one FIN frame, masked (RFC 6455 §5.3: every client frame is masked). Masks `payload` in place. */
  private writeFrame(opcode: number, payload: Buffer): void {
    const length = payload.length;
    const header = length < 126 ? 6 : length < 65536 ? 8 : 14;
    const frame = Buffer.allocUnsafe(header + length);
    frame[0] = 0x80 | opcode;
    if (length < 126) frame[1] = 0x80 | length;
    else if (length < 65536) {
      frame[1] = 0x80 | 126;
      frame.writeUInt16BE(length, 2);
    } else {
      frame[1] = 0x80 | 127;
      frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
      frame.writeUInt32BE(length >>> 0, 6);
    }
    const mask = nextMask();
    mask.copy(frame, header - 4);
    for (let i = 0; i < length; i++) frame[header + i] = payload[i]! ^ mask[i & 3]!;
    this.socket.write(frame);
  }

  private fail(message: string, status?: number): void {
    this.reading = false;
    this.owner.socketError(this, message, status);
    this.state = State.Closing;
    this.socket.destroy();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** @internal */
  closeTimedOut(): void {
    this.timer = undefined;
    this.socket.destroy();
  }
}

// Shared listeners: `this` is the socket, which carries its TerminalSocket. One
// set of functions for every connection instead of closures per connection.
function onConnect(this: OwnedSocket): void {
  this[socketOwner].connected();
}
function onData(this: OwnedSocket, chunk: Buffer): void {
  this[socketOwner].received(chunk);
}
function onSocketError(this: OwnedSocket, error: Error): void {
  this[socketOwner].errored(error.message, (error as NodeJS.ErrnoException).code);
}
function onSocketClose(this: OwnedSocket): void {
  this[socketOwner].gone();
}
function onHandshakeTimeout(socket: TerminalSocket): void {
  socket.handshakeTimedOut();
}
function onCloseTimeout(socket: TerminalSocket): void {
  socket.closeTimedOut();
}
