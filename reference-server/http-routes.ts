import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

/**
 * The HTTP side of the reference server: GET /healthz, /readyz (503 while
 * shutting down), /metrics (Prometheus), 426 at the WebSocket endpoint `/`
 * for a plain request, 404 elsewhere, 405 for any other method. v1 and v2
 * serve it alike, each with its own registry.
 */
export function httpRoutes(metrics: { readonly registry: Registry }, shuttingDown: () => boolean): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'GET') {
      res.writeHead(405, { 'content-type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}\n');
    } else if (path === '/readyz') {
      const down = shuttingDown();
      res.writeHead(down ? 503 : 200, { 'content-type': 'application/json' }).end(down ? '{"status":"shutting down"}\n' : '{"status":"ready"}\n');
    } else if (path === '/metrics') {
      metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
        (error: unknown) => res.writeHead(500).end(String(error)),
      );
    } else if (path === '/') {
      res.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' }).end('this endpoint speaks WebSocket\n');
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  };
}
