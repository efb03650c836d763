import { assignJourneys, parseNamedWeights } from '../terminal/journey.js';
import type { KioskJourney } from './kiosk-journeys.js';

/** The payment providers a v2 kiosk can be configured with (pinto-android-2.md §5c step 1). */
export type KioskProvider = 'integra' | 'nnsmart' | 'newland' | 'mock';
export const kioskProviders: readonly KioskProvider[] = ['integra', 'nnsmart', 'newland', 'mock'];

/** Whether the provider takes the sale before the card check (§5f): its K6 reports money already taken (M2). */
export function isSaleFirstProvider(provider: KioskProvider): boolean {
  return provider === 'nnsmart' || provider === 'newland';
}

/** The v2 part of a load run (`--profile pinto-android-2`). */
export interface V2LoadOptions {
  /** Provider weights, e.g. integra=2,nnsmart=1,mock=1. */
  providers: Array<{ journey: KioskProvider; weight: number }>;
  /** Distinct card tokens shared by all kiosks. */
  cards: number;
  /** The backend's per-card daily limit (whole units). */
  dailyLimit: number;
  /** Card tokens are <cardPrefix><n>: fresh per run, so a backend's books of earlier runs (same day) do not count. */
  cardPrefix: string;
  /** How long the scripted card terminal takes per operation, ms. */
  terminalMs: number;
  /** What the kiosks live through (`--kiosk-journeys`); absent: every kiosk makes plain sales. */
  journeys?: Array<{ journey: KioskJourney; weight: number }>;
  /** The backend's books endpoint (GET, e.g. http://host:port/v2/books), read once after the run and audited (`--books`). */
  books?: { url: string; token?: string };
}

/** The default mix: mostly card-check-first, some sale-first, a few mock kiosks. */
export const defaultProviderSpec = 'integra=2,nnsmart=1,mock=1';

/** Parses `--providers`: `integra=2,nnsmart=1,mock=1`, or one name (all kiosks). */
export function parseProviderSpec(spec: string): V2LoadOptions['providers'] {
  return parseNamedWeights(spec, '--providers', 'provider', kioskProviders);
}

/** Each kiosk's provider by index (deterministic, interleaved). */
export function assignProviders(providers: V2LoadOptions['providers'], kiosks: number): KioskProvider[] {
  return assignJourneys(providers, kiosks);
}

/**
 * The cards of one share of `of`: card n goes to share n mod `of`, so each
 * card is used by the kiosks of one share only and that share's ledger sees
 * every check of it. Needs at least one card per share.
 */
export function cardsOfShare(v2: Pick<V2LoadOptions, 'cards' | 'cardPrefix'>, part: number, of: number): string[] {
  const cards: string[] = [];
  for (let n = part; n < v2.cards; n += of) cards.push(`${v2.cardPrefix}${String(n + 1).padStart(5, '0')}`);
  return cards;
}

/** Problems of the v2 options (empty when usable). */
export function checkV2Options(v2: V2LoadOptions, workers: number): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(v2.cards) || v2.cards < 1 || v2.cards > 1_000_000) problems.push('--cards must be 1..1000000');
  else if (v2.cards < workers) problems.push(`--cards ${v2.cards} is below --workers ${workers}: each worker needs its own cards (a card's checks must be seen by one ledger)`);
  if (!(v2.dailyLimit > 0)) problems.push('--daily-limit must be above 0');
  if (!(v2.terminalMs >= 0 && v2.terminalMs <= 120_000)) problems.push('--terminal-time must be 0..120s');
  if (!/^[A-Za-z0-9._:-]{1,60}$/.test(v2.cardPrefix)) problems.push('card prefix must be 1..60 of [A-Za-z0-9._:-]');
  if (v2.books !== undefined && !/^https?:\/\/[^/]/.test(v2.books.url)) problems.push(`--books "${v2.books.url}" is not an http:// or https:// URL`);
  return problems;
}
