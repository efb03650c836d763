import type { ConformanceTarget } from '../../protocol/types/generated-formats.js';

/** A payment provider a v2 kiosk can be configured with (V2-FLOW-7). */
export type V2Provider = 'integra' | 'nnsmart' | 'mock';

/** Every provider, in the order cases run them. */
export const v2Providers: readonly V2Provider[] = ['integra', 'nnsmart', 'mock'];

/** A v2 target with its defaults filled in (schemas/formats/conformance-target.schema.json, `v2`). */
export interface V2Target {
  url: string;
  profile: 'pinto-android-2';
  providers: V2Provider[];
  /** The per-card daily limit, whole units (V2-M-1). */
  dailyLimitPerCard: number;
  /** Test kiosks' terminal ids, or undefined: every kiosk gets a fresh id. */
  kiosks: string[] | undefined;
  /** Listed card tokens, or undefined: the run makes fresh tokens. */
  cardTokens: string[] | undefined;
  books: { url: string; token?: string } | undefined;
  /** X-Test-Scenario is honoured (features.testControl). */
  testControl: boolean;
  stepDelayMs: number;
  kioskTimeScale: number;
}

/** Fills in a v2 target's defaults. */
export function resolveV2Target(description: ConformanceTarget): V2Target {
  const v2 = description.v2 ?? {};
  return {
    url: description.url,
    profile: 'pinto-android-2',
    providers: [...(v2.providers ?? v2Providers)],
    dailyLimitPerCard: v2.dailyLimitPerCard ?? 300,
    kiosks: v2.kiosks ? [...v2.kiosks] : undefined,
    cardTokens: v2.cardTokens ? [...v2.cardTokens] : undefined,
    books: v2.books,
    testControl: description.features?.testControl ?? false,
    stepDelayMs: v2.stepDelayMs ?? 1_500,
    kioskTimeScale: v2.kioskTimeScale ?? 1,
  };
}
