import type { IncomingMessage, ServerResponse } from 'node:http';
import { utcDay } from '../store.js';
import type { Books } from './books.js';
import type { DeviceConfig } from './config.js';
import type { ControlOutcome, KioskSession } from './kiosk-session.js';

/** Who may read the books and trigger the server's own messages. */
export interface BooksEndpointOptions {
  /** When set, every /v2 request must carry `Authorization: Bearer <token>`. */
  token?: string;
}

/** What the endpoint needs of its server. */
export interface BooksEndpointContext {
  books: Books;
  dailyLimit: number;
  now(): number;
  /** The kiosk's current session (its latest open connection). */
  sessionOf(kioskId: string): KioskSession | undefined;
  /** Settings pushed to one kiosk outlast its connection (kept in the books). */
  remember(kioskId: string, overrides: Partial<DeviceConfig>): void;
}

const MAX_BODY = 16 * 1024;

/**
 * The books endpoint (docs/reference-server-v2.md): GET /v2/books,
 * /v2/kiosks, /v2/cards/<token>, /v2/sales[?state=], /v2/sales/<no>,
 * /v2/reversals read what the backend recorded; POST
 * /v2/kiosks/<id>/{reversal-request,refund-request,device-info-request,config,restart}
 * make it send its own messages, under the same safety rules as test control.
 * Returns false for a path it does not serve.
 */
export function booksEndpoint(ctx: BooksEndpointContext, options: BooksEndpointOptions): (req: IncomingMessage, res: ServerResponse, path: string) => boolean {
  return (req, res, path) => {
    if (!path.startsWith('/v2/')) return false;
    if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) {
      json(res, 401, { error: 'the books endpoint needs Authorization: Bearer <token>' }, { 'www-authenticate': 'Bearer' });
      return true;
    }
    const parts = path.slice(4).split('/').map((p) => decodeURIComponent(p));
    if (req.method === 'GET') get(ctx, req, res, parts);
    else if (req.method === 'POST' && parts[0] === 'kiosks' && parts.length === 3) void post(ctx, req, res, parts[1]!, parts[2]!);
    else json(res, 405, { error: 'the books are read with GET; the server acts on POST /v2/kiosks/<id>/<action>' });
    return true;
  };
}

function get(ctx: BooksEndpointContext, req: IncomingMessage, res: ServerResponse, parts: string[]): void {
  const { books } = ctx;
  const url = new URL(req.url ?? '/', 'http://localhost');
  const [what, key] = parts;
  if (what === 'books' && key === undefined) {
    const sales = books.sales();
    return json(res, 200, {
      day: utcDay(ctx.now()),
      dailyLimitPerCard: ctx.dailyLimit,
      kiosks: books.kiosks(),
      cards: books.cards(),
      sales,
      unknownOutcomes: sales.filter((s) => s.state === 'outcome-unknown'),
      flagged: sales.filter((s) => s.flags.length > 0),
      paymentResults: books.paymentResults(),
      reversals: books.reversals(),
      requests: books.requests(),
      unparsedFrames: books.unparsedFrames(),
    });
  }
  if (what === 'kiosks' && key === undefined) return json(res, 200, books.kiosks());
  if (what === 'cards' && key !== undefined) return json(res, 200, books.card(key, url.searchParams.get('day') ?? undefined));
  if (what === 'sales' && key === undefined) return json(res, 200, books.sales(url.searchParams.get('state') ?? undefined));
  if (what === 'sales' && key !== undefined) {
    const sale = /^\d+$/.test(key) ? books.sale(Number(key)) : undefined;
    return sale ? json(res, 200, sale) : json(res, 404, { error: 'no such sale' });
  }
  if (what === 'reversals' && key === undefined) return json(res, 200, books.reversals());
  json(res, 404, { error: 'not found' });
}

async function post(ctx: BooksEndpointContext, req: IncomingMessage, res: ServerResponse, kioskId: string, action: string): Promise<void> {
  let body: Record<string, unknown>;
  try {
    body = await readJson(req);
  } catch (error) {
    return json(res, 400, { error: (error as Error).message });
  }
  const session = ctx.sessionOf(kioskId);
  if (!session) return json(res, 404, { error: `kiosk ${kioskId} is not connected` });
  let outcome: ControlOutcome;
  switch (action) {
    case 'reversal-request':
    case 'refund-request': {
      const saleNo = body.saleNo;
      if (saleNo !== undefined && !Number.isInteger(saleNo)) return json(res, 400, { error: 'saleNo must be an integer' });
      outcome = session.requestReversal(action === 'reversal-request' ? 'REVERSAL_REQUEST' : 'REFUND_REQUEST', saleNo as number | undefined);
      break;
    }
    case 'device-info-request':
      outcome = session.requestDeviceInfo();
      break;
    case 'config': {
      const overrides = configOverrides(body);
      if (typeof overrides === 'string') return json(res, 400, { error: overrides });
      ctx.remember(kioskId, overrides);
      outcome = session.pushConfig(overrides);
      break;
    }
    case 'restart':
      outcome = session.restart();
      break;
    default:
      return json(res, 404, { error: `unknown action ${action}` });
  }
  if ('refused' in outcome) json(res, 409, outcome);
  else json(res, 202, outcome);
}

/** The DEVICE_INFO keys of a pushed configuration, type-checked (V2-BAK-6), or what is wrong. */
function configOverrides(body: Record<string, unknown>): Partial<DeviceConfig> | string {
  const types: Record<string, string> = {
    minTransactionLimit: 'number', maxTransactionLimit: 'number', transactionFeeValue: 'number', currency: 'string',
    transactionFeeType: 'string', paymentProvider: 'string', yaspaEnabled: 'boolean', requireCardReceipt: 'boolean',
  };
  for (const [key, value] of Object.entries(body)) {
    if (!(key in types)) return `${key} is not a configuration key`;
    if (typeof value !== types[key]) return `${key} must be a ${types[key]}`;
  }
  return body as Partial<DeviceConfig>;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body over 16 KiB');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('body must be a JSON object');
  return value as Record<string, unknown>;
}

function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(`${JSON.stringify(value)}\n`);
}
