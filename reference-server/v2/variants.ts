/**
 * Legal alternative answers of the v2 backend, the mirror of v2/faults.ts:
 * each variant, switched on with `paysock serve --profile pinto-android-2
 * --variant <name>`, answers an open question of pinto-android-2.md §9 (or
 * another place the source leaves several answers) another way than the
 * project's default (docs/reference-server-v2.md). A certifier that fails the
 * server under a variant fails a correct backend. A variant picks among the
 * answers open-answers.ts lists as legal, or acts at the edges (the
 * configuration, the socket, the kiosk's identity, frames added around a
 * screen); the rules never ask which variant is on.
 *
 * Each description names the question and the sentence that leaves it open.
 */
export const v2Variants = {
  'limit-day-site-local':
    'V2-OPEN-1: the per-card day runs midnight to midnight in Europe/London, not UTC. pinto-android-2.md §9.1 "the day boundary (UTC, site-local, rolling 24 h)"',
  'limit-day-rolling-24h':
    'V2-OPEN-1: a card\'s counted amounts are those of the last 24 hours, not of the calendar day. pinto-android-2.md §9.1 "the day boundary (UTC, site-local, rolling 24 h)"',
  'limit-fee-excluded':
    'V2-OPEN-1: kiosks are configured with a FIXED fee of 2, and only the part of selectedAmount before the fee counts against the card. pinto-android-2.md §9.1 "whether the fee part of `selectedAmount` counts (M1)"; §6 M1 "The limit value, the day boundary and whether the fee counts are open"',
  'tokenless-rejected':
    'V2-OPEN-2: a card check with cardToken "null" or the fixed dev PAR is REJECTED, on every provider (on NNSmart the kiosk then reverses the sale). pinto-android-2.md §9.2 "what to answer for "null" or the fixed dev PAR (approve without counting, reject, per provider)"',
  'tokenless-per-provider':
    'V2-OPEN-2: a tokenless card check is REJECTED where nothing is taken yet (Integra, mock) and approved without counting where the sale is already captured (NNSmart, Newland). pinto-android-2.md §9.2 "(approve without counting, reject, per provider)"',
  'limit-error-screen':
    'V2-OPEN-3: a rejecting LIMIT_CHECK_RESULT says "LIMIT_ERROR", not "REJECTED". pinto-android-2.md §9.3 ""REJECTED" or "LIMIT_ERROR" in `LIMIT_CHECK_RESULT` (both work; WARN on any other value)"',
  'second-success-charged':
    'V2-OPEN-5: a second PAYMENT_RESULT SUCCESS with the same key and another timestamp is kept as an anomaly (V2-M-6) and also counted against the card as a second charge. pinto-android-2.md §9.5 "whether a second K7 `SUCCESS` with the same key is a resend or a second charge"',
  'kiosk-by-source-address':
    'V2-OPEN-7: a kiosk is its source address alone; ?terminalId= is ignored (kiosks behind one address share an id). pinto-android-2.md §9.7 "Terminal identity: remote address, per-kiosk port, or `DEVICE_IP` / `DEVICE_SERIAL` ...; NAT may hide several kiosks behind one address"',
  'receipt-question-skipped':
    'V2-OPEN-9: after a successful sale the server goes straight to PRINT_TICKET, without RECEIPT_QUESTION. pinto-android-2.md §9.9 "whether it may skip `RECEIPT_QUESTION` and go straight to `PRINT_TICKET` (the kiosk accepts both)"',
  'other-method-amount-select':
    'V2-OPEN-11: a K2 (a method other than the card ones) is answered with a new AMOUNT_SELECT at once instead of FAILED. pinto-android-2.md §9.11 "the message sequence after K2"; §5c step 3 "The rest is backend-driven"',
  'immediate-steps':
    'V2-OPEN-12: RECEIPT_QUESTION, PRINT_TICKET, COLLECT_TICKET, THANK_YOU and AMOUNT_SELECT follow each other with no delay. pinto-android-2.md §9.12 "Pacing: delays between `PRINT_TICKET`, `COLLECT_TICKET`, `THANK_YOU`, `AMOUNT_SELECT` (the kiosk has no timers there)"',
  'slow-steps':
    'V2-OPEN-12: the server\'s screens after a sale are 5 s apart. pinto-android-2.md §9.12 "Pacing: delays between ..."; §5g step 5 "the backend paces them"',
  'config-own-id':
    'V2-OPEN-13: the configuration sent on connect carries its own config-<ms> id instead of the AMOUNT_SELECT\'s, so the kiosk may end on either id (and send K1 with the config id). pinto-android-2.md §9.13 "a configuration followed at once by `AMOUNT_SELECT` may be applied second"; §6 M15 (K6/K7 may carry a `config-…` id)',
  'idle-cancel-amount-select':
    'V2-OPEN-14: the idle CANCEL on AMOUNT_SELECT is answered with a new AMOUNT_SELECT. pinto-android-2.md §9.14 "Answer to the idle CANCEL: nothing or `AMOUNT_SELECT` (both work)"',
  'print-status-update':
    'V2-OPEN-15: a STATUS_UPDATE (status PRINTING, a message) follows PRINT_TICKET, with its id. pinto-android-2.md §9.15 "`STATUS_UPDATE` content: unused by the kiosk; any shape passes"',
  'close-older-connection':
    'V2-OPEN-16: a newer connection of a kiosk makes the server close the older one (close frame 1000, then a TCP reset if unanswered). pinto-android-2.md §9.16 "whether a backend may ever close a kiosk connection (e.g. a duplicate)"',
  'reconnect-screen-delayed':
    'V2-OPEN-17: on a kiosk\'s later connections the first AMOUNT_SELECT comes 2 s late, so the kiosk\'s ticket recovery can run. pinto-android-2.md §9.17 "whether a backend should delay `AMOUNT_SELECT` after a reconnect so that the kiosk\'s ticket recovery can run"',
  'small-frame-limit':
    'V2-OPEN-19: frames above 4 KiB are refused (close 1009); the kiosk\'s are under 2 KB. pinto-android-2.md §9.19 "Rate and size: no limits are stated; the kiosk\'s frames are small (under 2 KB)"',
  'no-server-pings':
    'V2-TRN-5: the server never pings a kiosk (so it never drops one whose network vanished without a FIN), instead of a ping every --ping-interval. pinto-android-2.md §2.4 "A backend MAY ping; it MUST NOT drop a kiosk for not pinging"',
  'deflate-not-accepted':
    'V2-TRN-3: the server declines permessage-deflate in the handshake. pinto-android-2.md §2.2 "OkHttp 4.11.0 ... offers `Sec-WebSocket-Extensions: permessage-deflate` on every upgrade; a backend MAY accept it"; RFC 6455 9.1: the server answers with the extensions it accepts, possibly none',
} as const;

/** The name of one v2 variant. */
export type V2VariantName = keyof typeof v2Variants;

/** Every v2 variant name, in table order. */
export const v2VariantNames = Object.keys(v2Variants) as V2VariantName[];

/** Pairs that answer the same question two ways: both cannot be on. */
export const incompatibleV2Variants: ReadonlyArray<readonly [V2VariantName, V2VariantName]> = [
  ['limit-day-site-local', 'limit-day-rolling-24h'],
  ['tokenless-rejected', 'tokenless-per-provider'],
  ['immediate-steps', 'slow-steps'],
  // Kiosks behind one address would close each other's connections: §2.12 "NAT may hide several kiosks behind one address".
  ['kiosk-by-source-address', 'close-older-connection'],
];

/** Checks v2 variant names; throws a RangeError naming the unknown ones or a contradicting pair. */
export function checkV2Variants(names: readonly string[]): V2VariantName[] {
  const unknown = names.filter((name) => !(name in v2Variants));
  if (unknown.length > 0) throw new RangeError(`unknown v2 variant ${unknown.map((n) => JSON.stringify(n)).join(', ')} (valid: ${v2VariantNames.join(', ')})`);
  const pair = incompatibleV2Variants.find(([a, b]) => names.includes(a) && names.includes(b));
  if (pair) throw new RangeError(`v2 variants ${pair[0]} and ${pair[1]} contradict each other`);
  return names as V2VariantName[];
}
