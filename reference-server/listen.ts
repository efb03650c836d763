import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts `server` listening (port 0 picks a free one, loopback by default); its WebSocket and HTTP base URLs. */
export async function listen(server: Server, port = 0, host = '127.0.0.1', secure = false): Promise<{ url: string; httpUrl: string; port: number }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `${secure ? 'wss' : 'ws'}://${hostForUrl}:${address.port}/`, httpUrl: `${secure ? 'https' : 'http'}://${hostForUrl}:${address.port}`, port: address.port };
}
