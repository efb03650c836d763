/**
 * Deliberate defects for mutation testing of the conformance suite: each fault,
 * switched on with `--fault <name>`, breaks exactly one rule so the suite can
 * show that some case catches it. Off by default; never used in production.
 */
export const faults = {
  'wrong-initial-transaction-id': 'AMOUNT_SELECT with no transaction carries "T0" instead of "initial" (FLOW-1, ENV-7)',
  'missing-timestamp': 'server messages omit timestamp (ENV-1)',
  'string-amounts': 'AMOUNT_SELECT amounts are sent as strings (ENV-11)',
  'no-limit-check': 'never answers LIMIT_ERROR: amounts above the daily limit are accepted (FLOW-6)',
  'double-charge-on-replay': 'a replayed PAYMENT_METHOD action is processed and charged again, PROCESSING is sent again (RES-4)',
  'no-resumption': 'a reconnecting terminal gets AMOUNT_SELECT "initial": its transaction is forgotten (RES-3)',
  'cross-terminal-leak': 'transactions are looked up by id alone: a terminal can act on another terminal\'s transaction (AUTH-5, TXN-7)',
  'crash-on-bad-json': 'a non-JSON frame closes the socket with 1011 instead of ERROR INVALID_MESSAGE (ERR-1, ERR-4)',
  'no-idle-timeout': 'the idle timeout never fires (FLOW-15)',
  'accepts-binary': 'binary frames are ignored instead of closing with 1003 (TRN-3)',
  'no-size-limit': 'frames up to 16 MiB are read and answered with ERROR instead of closing with 1009 (TRN-4)',
  'accepts-unoffered-amount': 'a preset amount that was not offered is accepted (FLOW-5)',
  'no-keypad-bounds': 'keypad amounts outside minAmount..maxAmount are accepted (FLOW-5)',
  'no-replace-close': 'a newer connection for the same terminal leaves the older one open (TRN-6)',
  'timestamps-backwards': 'each server message\'s timestamp is 1000 ms earlier than the previous one (ENV-9)',
  'timestamps-in-seconds': 'server timestamps are epoch seconds, not milliseconds (ENV-8)',
  'ping-answered-with-error': 'the {"ping":true} keepalive is answered with ERROR INVALID_MESSAGE (TRN-9)',
  'skip-collect-ticket': 'PRINT_TICKET goes straight to THANK_YOU (FLOW-11)',
  'no-auth-check': 'with authentication on, any token (or none) is accepted (AUTH-4)',
  'accepts-reused-transaction-id': 'a first action reusing a finished transaction id is accepted (TXN-4, TXN-7)',
  'cancel-not-supported': 'CANCEL is answered with ERROR UNEXPECTED_ACTION (FLOW-13)',
  'timeout-without-error': 'the idle timeout goes straight to AMOUNT_SELECT without ERROR TIMEOUT (FLOW-15)',
  'slow-initial-screen': 'the first screen is sent 1500 ms after the connection opens (FLOW-1)',
  'limit-counts-failed-payments': 'declined and timed-out payments count against the daily limit (FLOW-6)',
  'no-pong': 'WebSocket pings are not answered with pongs (TRN-7)',
  'error-wrong-screen': 'ERROR messages always say screen AMOUNT_SELECT (ENV-4)',
  'ignores-printer-fault': 'the printer-fault scenario still goes on to COLLECT_TICKET (FLOW-12)',
  'keeps-initial-id': 'the server answers with "initial" as the transaction id instead of assigning one (TXN-1, TXN-5)',
  'wrong-error-code': 'INVALID_AMOUNT problems are answered as INVALID_MESSAGE (FLOW-5, ERR-10)',
  'no-rate-limit': 'a burst of messages is never answered with ERROR RATE_LIMITED (ERR-7)',
  'no-server-ping': 'the server never sends its own WebSocket pings (TRN-8)',
  'keeps-silent-peers': 'a peer that misses its pongs is never dropped (TRN-8)',
  'accepts-tls-1.1': 'the wss:// endpoint accepts TLS 1.1 handshakes (TRN-5)',
} as const;

/** The name of one deliberate defect. */
export type FaultName = keyof typeof faults;

/** Every fault name, in table order. */
export const faultNames = Object.keys(faults) as FaultName[];

/** The set of faults switched on for one server. */
export class FaultSet {
  private readonly on: ReadonlySet<FaultName>;

  constructor(names: readonly string[] = []) {
    const unknown = names.filter((name) => !(name in faults));
    if (unknown.length > 0) {
      throw new RangeError(`unknown fault ${unknown.map((n) => JSON.stringify(n)).join(', ')} (valid: ${faultNames.join(', ')})`);
    }
    this.on = new Set(names as FaultName[]);
  }

  /** Whether the named defect is switched on. */
  has(name: FaultName): boolean {
    return this.on.has(name);
  }

  /** The faults switched on, for logs. */
  list(): FaultName[] {
    return [...this.on];
  }
}
