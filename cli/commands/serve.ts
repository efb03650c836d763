import { readFileSync } from 'node:fs';
import type { PaysockCommand } from './command.js';
import type { AuthOptions, ServerConfig } from '../../reference-server/api.js';
import { faultNames } from '../../reference-server/faults.js';
import { incompatibleVariants, variantNames } from '../../reference-server/variants.js';
import { incompatibleV2Variants, v2VariantNames } from '../../reference-server/v2/variants.js';
import { IDENTIFIER_RULE, isIdentifier } from '../../protocol/identifier.js';
import { readTokenFile, type TokenFile } from '../../protocol/token-file.js';
import { defaultProfile, registeredProfile, type ProfileName } from '../../protocol/profiles/index.js';
import { profileChoices } from '../profile-option.js';
import { UsageError } from '../usage-error.js';
import { untilSignal } from '../until-signal.js';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** `paysock serve`: runs the reference backend until SIGTERM or SIGINT. */
export const serveCommand: PaysockCommand = {
  command: 'serve',
  describe: 'Run the reference backend (WebSocket endpoint at /, plus /healthz, /readyz, /metrics)',
  builder: (y) =>
    y
      .option('profile', { choices: profileChoices, default: defaultProfile, describe: 'Protocol the server speaks: v1 (strict, pinto-android-1: one server serves both) or v2 (pinto-android-2, docs/reference-server-v2.md)', group: 'Server:' })
      .option('books-endpoint', { type: 'boolean', default: false, describe: 'v2: serve the books and the control endpoint under /v2/ (off by default: it shows card tokens and can restart kiosks)', group: 'Server:' })
      .option('books-token', { type: 'string', describe: 'v2: with --books-endpoint, require Authorization: Bearer <token> on /v2/', group: 'Server:' })
      .option('payment-provider', { type: 'string', describe: 'v2: paymentProvider sent to kiosks: integra (default), nnsmart, newland, mock', group: 'Business:' })
      .option('kiosk-map', { type: 'string', describe: 'v2: JSON object mapping a kiosk\'s source address to its kiosk id', group: 'Server:' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'Interface to listen on', group: 'Server:' })
      .option('port', { type: 'number', default: 8080, describe: 'TCP port (0 picks a free one)', group: 'Server:' })
      .option('data-dir', { type: 'string', default: './data', describe: 'Folder of the SQLite store (paysock.sqlite), or :memory:', group: 'Server:' })
      .option('auth', { choices: ['none', 'tokens'] as const, default: 'none' as const, describe: 'none: terminal id from ?terminalId=; tokens: Bearer token (or ?access_token=) from --tokens-file', group: 'Server:' })
      .option('tokens-file', { type: 'string', describe: 'JSON object mapping token -> terminal id (with --auth tokens)', group: 'Server:' })
      .option('default-terminal-id', { type: 'string', describe: 'Terminal id for connections without ?terminalId= (with --auth none; AUTH-7)', group: 'Server:' })
      .option('test-control', { type: 'boolean', default: false, describe: 'Honour the X-Test-Scenario upgrade header (TC section)', group: 'Server:' })
      .option('tls-cert', { type: 'string', describe: 'PEM certificate file: serve wss:// (TLS 1.2 minimum)', group: 'Server:' })
      .option('tls-key', { type: 'string', describe: 'PEM private key file (with --tls-cert)', group: 'Server:' })
      .option('config', { type: 'string', describe: 'JSON config file (schemas/formats/reference-server-config.schema.json); flags win over it', group: 'Server:' })
      .option('log-level', { choices: logLevels, default: 'info' as const, describe: 'pino log level (JSON logs on stdout)', group: 'Server:' })
      .option('self-check', { type: 'boolean', default: false, describe: 'Validate every outbound message and log the invalid ones', group: 'Server:' })
      .option('fault', { type: 'string', array: true, describe: `Deliberate defect for mutation testing, repeatable: ${faultNames.join(', ')}`, group: 'Server:' })
      .option('variant', { type: 'string', array: true, describe: `Legal alternative reading of the sources (docs/variants.md), repeatable; v1: ${variantNames.join(', ')}; v2 (--profile pinto-android-2): ${v2VariantNames.join(', ')}`, group: 'Server:' })
      .option('amounts', { type: 'string', describe: 'Preset amounts, comma-separated (default 20,40,60,80,100)', group: 'Business:' })
      .option('currency', { type: 'string', describe: 'Currency display string (default £)', group: 'Business:' })
      .option('show-other-option', { type: 'boolean', describe: 'Offer "Other" on AMOUNT_SELECT (default true; --no-show-other-option)', group: 'Business:' })
      .option('keypad-min', { type: 'number', describe: 'Smallest keypad amount (default 10)', group: 'Business:' })
      .option('keypad-max', { type: 'number', describe: 'Largest keypad amount (default 300)', group: 'Business:' })
      .option('methods', { type: 'string', describe: 'Payment methods, comma-separated (default DEBIT_CARD,PAY_BY_BANK)', group: 'Business:' })
      .option('allow-cancel', { type: 'boolean', describe: 'Allow cancel on PAYMENT_METHOD (default true; --no-allow-cancel)', group: 'Business:' })
      .option('show-receipt', { type: 'boolean', describe: 'Print a ticket after SUCCESS (default true; --no-show-receipt)', group: 'Business:' })
      .option('daily-limit', { type: 'number', describe: 'Daily limit per UTC day (default 300): per terminal in v1, per card in v2 (--profile pinto-android-2)', group: 'Business:' })
      .option('idle-timeout', { type: 'number', describe: 'Idle timeout on KEYPAD, PAYMENT_METHOD, FAILED, LIMIT_ERROR in ms (default 60000)', group: 'Timing:' })
      .option('step-delay', { type: 'number', describe: 'Delay of each server-driven step after SUCCESS in ms (default 1500)', group: 'Timing:' })
      .option('processing-time', { type: 'number', describe: 'How long the simulated processor takes in ms (default 800)', group: 'Timing:' })
      .option('processor-timeout', { type: 'number', describe: 'Processor timeout before FAILED PAYMENT_TIMEOUT in ms (default 10000)', group: 'Timing:' })
      .option('device-error-time', { type: 'number', describe: 'How long DEVICE_ERROR after a printer fault lasts in ms (default 10000)', group: 'Timing:' })
      .option('ping-interval', { type: 'number', describe: 'Interval of server WebSocket pings in ms (default 30000, at least 10); a peer that missed two pongs in a row is dropped (v1 and v2; v2: --variant no-server-pings never pings)', group: 'Timing:' })
      .option('rate-limit', { type: 'number', describe: 'ERR-7: messages a connection may send per second before RATE_LIMITED (default 50; 0 turns it off, for saturating benchmarks)', group: 'Timing:' }),
  handler: async (args) => {
    // Loaded here, not at the top: the server pulls in SQLite, pino and prom-client, which no other command needs.
    const [{ ConfigError, loadConfigFile, resolveConfig }, { startReferenceServer }] = await Promise.all([
      import('../../reference-server/config.js'), import('../../reference-server/index.js'),
    ]);
    const port = Number(args.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port: ${String(args.port)} is not a TCP port (0..65535, 0 picks a free one)`);
    // A server speaks one protocol version at a time: v1 serves both v1 profiles alike.
    if (registeredProfile(args.profile as ProfileName).protocolVersion === 2) return serveV2(args, port);
    const faults = (args.fault as string[] | undefined) ?? [];
    const unknown = faults.filter((f) => !(faultNames as string[]).includes(f));
    if (unknown.length > 0) throw new UsageError(`unknown fault ${unknown.join(', ')}; valid faults: ${faultNames.join(', ')}`);
    const variants = (args.variant as string[] | undefined) ?? [];
    const unknownVariants = variants.filter((v) => !(variantNames as string[]).includes(v));
    if (unknownVariants.length > 0) {
      const v2Only = unknownVariants.filter((v) => (v2VariantNames as string[]).includes(v));
      throw new UsageError(`${v2Only.length > 0 ? `variant ${v2Only.join(', ')} is a v2 variant (--profile pinto-android-2), not one of --profile ${String(args.profile)}` : `unknown variant ${unknownVariants.join(', ')}`}; valid variants: ${variantNames.join(', ')}`);
    }
    const contradiction = incompatibleVariants.find(([a, b]) => variants.includes(a) && variants.includes(b));
    if (contradiction) throw new UsageError(`variants ${contradiction[0]} and ${contradiction[1]} contradict each other; choose one`);
    let config: ServerConfig;
    try {
      const file = typeof args.config === 'string' ? loadConfigFile(args.config) : {};
      const flags = configFromFlags(args);
      config = resolveConfig({ ...file, ...flags, keypad: { ...defined(file.keypad), ...defined(flags.keypad) } } as Partial<ServerConfig>, typeof args.config === 'string' ? 'config' : 'flags');
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(error.message);
      throw error;
    }
    const auth = authFromFlags(args);
    const tls = tlsFromFlags(args);
    const server = await startReferenceServer({
      host: String(args.host),
      port,
      dataDir: String(args['data-dir']),
      auth,
      testControl: args['test-control'] === true,
      config,
      faults,
      variants,
      logLevel: String(args['log-level']),
      selfCheck: args['self-check'] === true,
      processMetrics: true,
      ...(tls ? { tls } : {}),
    });
    const stopped = untilSignal();
    process.stdout.write(`paysock: listening on ${server.url} (health and metrics on ${server.httpUrl})\n`);
    const signal = await stopped;
    process.stderr.write(`paysock: ${signal}: closing connections and the store\n`);
    await server.close();
    return 0;
  },
};

/** `paysock serve --profile pinto-android-2`: the v2 backend (a server speaks one protocol version at a time). */
async function serveV2(args: Record<string, unknown>, port: number): Promise<number> {
  const { startV2ReferenceServer, v2FaultNames } = await import('../../reference-server/v2/index.js');
  const faults = (args.fault as string[] | undefined) ?? [];
  const unknown = faults.filter((f) => !(v2FaultNames as string[]).includes(f));
  if (unknown.length > 0) throw new UsageError(`unknown v2 fault ${unknown.join(', ')}; valid v2 faults: ${v2FaultNames.join(', ')}`);
  const variants = (args.variant as string[] | undefined) ?? [];
  const unknownVariants = variants.filter((v) => !(v2VariantNames as string[]).includes(v));
  if (unknownVariants.length > 0) {
    const v1Only = unknownVariants.filter((v) => (variantNames as string[]).includes(v));
    throw new UsageError(`${v1Only.length > 0 ? `variant ${v1Only.join(', ')} is a v1 variant (--profile strict or pinto-android-1), not one of --profile pinto-android-2` : `unknown v2 variant ${unknownVariants.join(', ')}`}; valid v2 variants: ${v2VariantNames.join(', ')}`);
  }
  const contradiction = incompatibleV2Variants.find(([a, b]) => variants.includes(a) && variants.includes(b));
  if (contradiction) throw new UsageError(`variants ${contradiction[0]} and ${contradiction[1]} contradict each other; choose one`);
  if (args['tls-cert'] !== undefined) throw new UsageError('--tls-cert: a d540407 kiosk can only connect with ws:// (V2-TRN-1)');
  const pingInterval = args['ping-interval'] as number | undefined;
  // The same bound as v1's configuration schema (reference-server-config.schema.json): one flag, one meaning.
  if (pingInterval !== undefined && (!Number.isInteger(pingInterval) || pingInterval < 10)) throw new UsageError(`--ping-interval: ${String(pingInterval)} is not a whole number of ms of at least 10`);
  const list = (value: unknown): string[] | undefined => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter((s) => s !== '') : undefined);
  let kioskMap: Record<string, string> | undefined;
  if (typeof args['kiosk-map'] === 'string') {
    try {
      const value: unknown = JSON.parse(readFileSync(args['kiosk-map'], 'utf8'));
      if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) throw new Error('must be a JSON object of strings');
      kioskMap = value as Record<string, string>;
    } catch (error) {
      throw new UsageError(`--kiosk-map ${args['kiosk-map']}: ${(error as Error).message}`);
    }
  }
  const server = await startV2ReferenceServer({
    host: String(args.host),
    port,
    dataDir: String(args['data-dir']),
    auth: authFromFlags(args),
    ...(kioskMap ? { kioskMap } : {}),
    testControl: args['test-control'] === true,
    ...(args['books-endpoint'] === true ? { books: typeof args['books-token'] === 'string' ? { token: args['books-token'] } : {} } : {}),
    faults,
    variants,
    logLevel: String(args['log-level']),
    processMetrics: true,
    config: defined({
      amounts: list(args.amounts)?.map(Number),
      currency: args.currency as string | undefined,
      showOtherOption: args['show-other-option'] as boolean | undefined,
      methods: list(args.methods),
      dailyLimit: args['daily-limit'] as number | undefined,
      stepDelayMs: args['step-delay'] as number | undefined,
      minTransactionLimit: args['keypad-min'] as number | undefined,
      maxTransactionLimit: args['keypad-max'] as number | undefined,
      paymentProvider: args['payment-provider'] as string | undefined,
      pingIntervalMs: pingInterval,
    }),
  });
  const stopped = untilSignal();
  process.stdout.write(`paysock: listening on ${server.url} (profile pinto-android-2; health and metrics on ${server.httpUrl}${args['books-endpoint'] === true ? `, books on ${server.httpUrl}/v2/books` : ''})\n`);
  const signal = await stopped;
  process.stderr.write(`paysock: ${signal}: closing connections and the store\n`);
  await server.close();
  return 0;
}

function defined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The business and timing settings given as flags (undefined when not given, so the file's values stay). */
function configFromFlags(args: Record<string, unknown>): Partial<ServerConfig> & { keypad?: Partial<ServerConfig['keypad']> } {
  const list = (value: unknown): string[] | undefined => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter((s) => s !== '') : undefined);
  const numberList = (value: unknown): number[] | undefined => list(value)?.map(Number);
  const flags = {
    amounts: numberList(args.amounts),
    currency: args.currency as string | undefined,
    showOtherOption: args['show-other-option'] as boolean | undefined,
    methods: list(args.methods) as ServerConfig['methods'] | undefined,
    allowCancel: args['allow-cancel'] as boolean | undefined,
    showReceipt: args['show-receipt'] as boolean | undefined,
    dailyLimit: args['daily-limit'] as number | undefined,
    idleTimeoutMs: args['idle-timeout'] as number | undefined,
    stepDelayMs: args['step-delay'] as number | undefined,
    processingMs: args['processing-time'] as number | undefined,
    processorTimeoutMs: args['processor-timeout'] as number | undefined,
    deviceErrorMs: args['device-error-time'] as number | undefined,
    pingIntervalMs: args['ping-interval'] as number | undefined,
    maxMessagesPerSecond: args['rate-limit'] as number | undefined,
    keypad: defined({ minAmount: args['keypad-min'] as number | undefined, maxAmount: args['keypad-max'] as number | undefined }),
  };
  return defined(flags) as Partial<ServerConfig> & { keypad?: Partial<ServerConfig['keypad']> };
}

function authFromFlags(args: Record<string, unknown>): AuthOptions {
  if (args.auth === 'tokens') {
    const file = args['tokens-file'];
    if (typeof file !== 'string') throw new UsageError('--auth tokens needs --tokens-file <file.json>');
    let read: TokenFile;
    try {
      read = readTokenFile(readFileSync(file, 'utf8'), file);
    } catch (error) {
      throw new UsageError((error as NodeJS.ErrnoException).code ? `--tokens-file ${file}: ${(error as Error).message}` : (error as Error).message);
    }
    const { tokens, terminalIds } = read;
    // A server must know whose each token is: an array of tokens names no terminal.
    if (!terminalIds) throw new UsageError(`--tokens-file ${file}: must be a JSON object mapping token -> terminal id`);
    return { mode: 'tokens', tokens: Object.fromEntries(tokens.map((token, i) => [token, terminalIds[i]!])) };
  }
  const fallback = args['default-terminal-id'];
  if (typeof fallback === 'string' && !isIdentifier(fallback)) throw new UsageError(`--default-terminal-id must be ${IDENTIFIER_RULE}`);
  return typeof fallback === 'string' ? { mode: 'none', defaultTerminalId: fallback } : { mode: 'none' };
}

function tlsFromFlags(args: Record<string, unknown>): { cert: Buffer; key: Buffer } | undefined {
  const cert = args['tls-cert'];
  const key = args['tls-key'];
  if (cert === undefined && key === undefined) return undefined;
  if (typeof cert !== 'string' || typeof key !== 'string') throw new UsageError('--tls-cert and --tls-key go together');
  try {
    return { cert: readFileSync(cert), key: readFileSync(key) };
  } catch (error) {
    throw new UsageError(`cannot read TLS files: ${(error as Error).message}`);
  }
}
