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
  // Money safety and isolation (issue 9): defects a suite that only watches the wire would miss.
  'silent-double-charge': 'a PAYMENT_METHOD action replayed after the result (SUCCESS to THANK_YOU) is answered UNEXPECTED_ACTION but its amount is counted again in the daily total (RES-4)',
  'double-tap-charges-twice': 'a second PAYMENT_METHOD action while PROCESSING is answered with the current screen but charged again: counted twice in the daily total (RES-4)',
  'keypad-skips-limit': 'keypad amounts are never checked against the daily limit; presets are (FLOW-6)',
  'global-daily-total': 'one daily total for all terminals instead of one per terminal (FLOW-6, AUTH-5)',
  'orphan-handed-over': 'a terminal connecting for the first time is given the open transaction of a disconnected terminal (AUTH-5)',
  'token-overrides-identity': 'with authentication on, ?terminalId= in the URL overrides the terminal the token identifies (AUTH-5)',
  'no-resumption-before-payment': 'a terminal reconnecting on KEYPAD or PAYMENT_METHOD gets AMOUNT_SELECT "initial": only paid transactions resume (RES-3)',
  'failed-lost-while-away': 'a payment that fails while the terminal is away is dropped: on reconnect the terminal gets AMOUNT_SELECT "initial" instead of FAILED (RES-5)',
  'finished-id-charged-again': 'a PAYMENT_METHOD action carrying the id of a finished, paid transaction of the terminal is processed and charged again (RES-4, TXN-4)',
  'resumption-new-id': 'a reconnecting terminal on KEYPAD, PAYMENT_METHOD, FAILED or LIMIT_ERROR gets its screen under a new transaction id (RES-3)',
  'twice-the-amount-counted': 'an approved payment counts twice its amount against the daily limit (FLOW-6)',
  // A broken first screen (issue 23): the run must end NOT_CONFORMANT within a minute, whatever the pool size.
  'no-initial-screen': 'the upgrade is accepted but no first screen is ever sent (FLOW-1)',
  'lowercase-message-type': 'every server message has its messageType in lower case, e.g. "screen_change" (ENV-2)',
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
