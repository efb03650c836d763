import { createHash } from 'node:crypto';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { TerminalSocket, type TerminalSocketOwner } from '../../load/driver/terminal-socket.js';

/** Records what a TerminalSocket reports, in order. */
class Recorder implements TerminalSocketOwner {
  events: string[] = [];
  headers: Record<string, string> = {};
  private waiters: Array<() => void> = [];
  socketOpened(_s: TerminalSocket, headers: Record<string, string>): void {
    this.headers = headers;
    this.push('open');
  }
  socketText(_s: TerminalSocket, text: string): void {
    this.push(`text:${text}`);
  }
  socketBinary(): void {
    this.push('binary');
  }
  socketError(_s: TerminalSocket, message: string): void {
    this.push(`error:${message}`);
  }
  socketClosed(): void {
    this.push('closed');
  }
  private push(event: string): void {
    this.events.push(event);
    for (const w of this.waiters.splice(0)) w();
  }
  /** Waits (generous deadline) until an event starting with `prefix` was seen. */
  async until(prefix: string): Promise<void> {
    const deadline = Date.now() + 5_000;
    while (!this.events.some((e) => e.startsWith(prefix))) {
      if (Date.now() > deadline) throw new Error(`no "${prefix}" event; saw ${JSON.stringify(this.events)}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function wsServer(onConnection: (socket: WebSocket, headers: Record<string, string | string[] | undefined>) => void): Promise<string> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (socket, request) => onConnection(socket, request.headers));
  server.on('headers', (headers) => headers.push('X-Test-Scenario-Accepted: decline'));
  await new Promise<void>((r) => server.once('listening', () => r()));
  cleanups.push(() => new Promise((r) => {
    for (const c of server.clients) c.terminate();
    server.close(() => r());
  }));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/kiosk`;
}

/** A raw TCP server that answers the handshake itself, then writes `after` bytes. */
async function rawServer(answer: (key: string) => string, after?: Buffer): Promise<{ url: string; received: Buffer[] }> {
  const received: Buffer[] = [];
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    let head = '';
    socket.on('data', (d: Buffer) => {
      if (head.includes('\r\n\r\n')) {
        received.push(d);
        return;
      }
      head += d.toString('latin1');
      const key = /Sec-WebSocket-Key: (\S+)/i.exec(head)?.[1];
      if (head.includes('\r\n\r\n') && key) {
        socket.write(answer(key));
        if (after) socket.write(after);
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  cleanups.push(() => new Promise((r) => {
    for (const s of sockets) s.destroy();
    server.close(() => r());
  }));
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`, received };
}

function accept(key: string): string {
  return createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
}

function switching(key: string, extra = ''): string {
  return `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept(key)}\r\n${extra}\r\n`;
}

/** An unmasked server frame. */
function frame(firstByte: number, payload: Buffer, maskBit = 0): Buffer {
  return Buffer.concat([Buffer.from([firstByte, maskBit | payload.length]), maskBit ? Buffer.alloc(4) : Buffer.alloc(0), payload]);
}

const options = { handshakeTimeoutMs: 5_000 };

describe('TerminalSocket (the driver\'s WebSocket client)', () => {
  it('opens with the request headers, exchanges text both ways and answers pings', async () => {
    const seen: { path?: string; scenario?: string; messages: string[]; pongs: number } = { messages: [], pongs: 0 };
    const url = await wsServer((socket, headers) => {
      seen.scenario = headers['x-test-scenario'] as string;
      socket.on('message', (data, isBinary) => {
        seen.messages.push(`${isBinary ? 'binary' : 'text'}:${String(data)}`);
        socket.send('{"échange":"ok"}');
        socket.ping('p1');
      });
      socket.on('pong', (data) => {
        seen.pongs++;
        socket.send(`pong:${String(data)}`);
      });
    });
    const owner = new Recorder();
    const client = new TerminalSocket(new URL(`${url}?terminalId=t1`), owner, { ...options, headers: { 'X-Test-Scenario': 'decline' } });
    await owner.until('open');
    expect(owner.headers['x-test-scenario-accepted']).toBe('decline');
    expect(client.isOpen).toBe(true);
    client.send('{"action":"OK","é":1}');
    await owner.until('text:pong:p1');
    expect(owner.events).toEqual(['open', 'text:{"échange":"ok"}', 'text:pong:p1']);
    expect(seen).toEqual({ scenario: 'decline', messages: ['text:{"action":"OK","é":1}'], pongs: 1 });
    client.close(1000);
    await owner.until('closed');
    expect(client.isOpen).toBe(false);
  });

  it('reassembles fragmented text, reports binary messages, and carries a 64 KiB message', async () => {
    const big = 'x'.repeat(70_000);
    const url = await wsServer((socket) => {
      socket.send('frag', { fin: false });
      socket.send('mented', { fin: true });
      socket.send(Buffer.from([1, 2, 3]), { binary: true });
      socket.send(big);
    });
    const owner = new Recorder();
    new TerminalSocket(new URL(url), owner, options);
    await owner.until(`text:${big}`);
    expect(owner.events).toEqual(['open', 'text:fragmented', 'binary', `text:${big}`]);
  });

  it('closes with 1007 on a text message that is not UTF-8 (RFC 6455 §8.1)', async () => {
    let closeCode = 0;
    const url = await wsServer((socket) => {
      socket.on('close', (code) => {
        closeCode = code;
      });
      // ws validates what it receives, not what it sends: the raw bytes go out as a text frame.
      socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    });
    const owner = new Recorder();
    new TerminalSocket(new URL(url), owner, options);
    await owner.until('closed');
    expect(owner.events).toEqual(['open', 'error:Invalid WebSocket frame: invalid UTF-8 sequence', 'closed']);
    const deadline = Date.now() + 5_000;
    while (closeCode === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(closeCode).toBe(1007);
  });

  it('echoes the server\'s close and reports the end once', async () => {
    const url = await wsServer((socket) => socket.close(4001, 'bye'));
    const owner = new Recorder();
    new TerminalSocket(new URL(url), owner, options);
    await owner.until('closed');
    expect(owner.events).toEqual(['open', 'closed']);
  });

  it('fails the handshake on a non-101 answer, a wrong Sec-WebSocket-Accept or an extension it did not offer', async () => {
    const cases: Array<[(key: string) => string, string]> = [
      [() => 'HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n', 'error:Unexpected server response: 403'],
      [() => 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: AAAA\r\n\r\n', 'error:Invalid Sec-WebSocket-Accept header'],
      [(key) => switching(key, 'Sec-WebSocket-Extensions: permessage-deflate\r\n'), 'error:Server sent a Sec-WebSocket-Extensions header but no extension was requested'],
    ];
    for (const [answer, expected] of cases) {
      const { url } = await rawServer(answer);
      const owner = new Recorder();
      new TerminalSocket(new URL(url), owner, options);
      await owner.until('closed');
      expect(owner.events).toEqual([expected, 'closed']);
    }
  });

  it('rejects a masked server frame with close 1002', async () => {
    const { url, received } = await rawServer((key) => switching(key), frame(0x81, Buffer.from('hi'), 0x80));
    const owner = new Recorder();
    new TerminalSocket(new URL(url), owner, options);
    await owner.until('error');
    expect(owner.events).toEqual(['open', 'error:Invalid WebSocket frame: MASK must be clear']);
    const deadline = Date.now() + 5_000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const closeFrame = Buffer.concat(received);
    // A masked client close frame: opcode 8, 2-byte payload; unmask it to read the code.
    expect(closeFrame[0]).toBe(0x88);
    expect(closeFrame[1]).toBe(0x80 | 2);
    const code = ((closeFrame[6]! ^ closeFrame[2]!) << 8) | (closeFrame[7]! ^ closeFrame[3]!);
    expect(code).toBe(1002);
  });

  it('times out a handshake the server never answers', async () => {
    const { url } = await rawServer(() => '');
    const owner = new Recorder();
    new TerminalSocket(new URL(url), owner, { handshakeTimeoutMs: 100 });
    await owner.until('closed');
    expect(owner.events).toEqual(['error:Opening handshake has timed out', 'closed']);
  });

  it('reports a refused connection as an error before it closes', async () => {
    const { url } = await rawServer(() => '');
    const port = new URL(url).port;
    await cleanups.pop()!();
    const owner = new Recorder();
    new TerminalSocket(new URL(`ws://127.0.0.1:${port}/`), owner, options);
    await owner.until('closed');
    expect(owner.events).toEqual([expect.stringMatching(/^error:connect ECONNREFUSED/), 'closed']);
  });
});
