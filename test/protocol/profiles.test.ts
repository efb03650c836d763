import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultProfile, dialectFor, isProfileName, isTerminalProfile, profileNamed, profileNames, profiles, registeredProfile, registeredProfiles, serverReads, terminalProfiles } from '../../protocol/profiles/index.js';
import { validationProfiles } from '../../protocol/validate-message.js';
import { V2_PROFILE, validateV2KioskMessage } from '../../protocol/v2/validator.js';
import { validateTerminalMessage } from '../../protocol/validator.js';

const root = join(import.meta.dirname, '..', '..');
const source = { newTransactionId: () => 'T-1', newUuid: () => '0b6f3c1e-2f4a-4c1b-9d2e-7a8b9c0d1e2f' };

describe('the profile registry (protocol/profiles/)', () => {
  it('lists each profile once, in the CLI\'s order, the default and the server\'s among them', () => {
    expect(terminalProfiles).toEqual(['strict', 'pinto-android-1']);
    expect(new Set(terminalProfiles).size).toBe(profiles.length);
    expect(isTerminalProfile(defaultProfile)).toBe(true);
    expect(isTerminalProfile(serverReads)).toBe(true);
    expect(isTerminalProfile('pinto-android-9')).toBe(false);
    expect(() => profileNamed('pinto-android-9' as never)).toThrow(/unknown terminal profile "pinto-android-9" \(expected one of strict, pinto-android-1\)/);
  });

  it('registers pinto-android-2: protocol v2, certified against PintoAndroid release v2.2 (d540407); every --profile choice is the registry\'s', () => {
    expect(profileNames).toEqual(['strict', 'pinto-android-1', 'pinto-android-2']);
    expect(registeredProfiles.map((p) => p.name)).toEqual(profileNames);
    expect(registeredProfile(V2_PROFILE)).toMatchObject({ protocolVersion: 2, certifiesApp: expect.stringMatching(/release v2\.2.*d540407/) });
    // v2 is no v1 terminal profile: the v1 validator, dialects and kiosk page never see it.
    expect(isProfileName('pinto-android-2')).toBe(true);
    expect(isTerminalProfile('pinto-android-2')).toBe(false);
    expect(validationProfiles).toEqual(profileNames);
    expect(() => registeredProfile('pinto-android-9' as never)).toThrow(/unknown profile "pinto-android-9" \(expected one of strict, pinto-android-1, pinto-android-2\)/);
  });

  it('each v2 profile names the v2 schemas, and its kiosk schema accepts a d540407 frame', () => {
    for (const p of registeredProfiles) {
      if (p.protocolVersion !== 2) continue;
      expect(existsSync(join(root, 'schemas', p.kioskSchema)), p.kioskSchema).toBe(true);
      expect(existsSync(join(root, 'schemas', p.backendSchema)), p.backendSchema).toBe(true);
      expect(validateV2KioskMessage({ ping: true }).ok).toBe(true);
    }
  });

  it('a target description may name exactly the registered profiles (schemas/formats/conformance-target.schema.json)', () => {
    const schema = JSON.parse(readFileSync(join(root, 'schemas', 'formats', 'conformance-target.schema.json'), 'utf8')) as { properties: { profile: { enum: string[] } } };
    expect(schema.properties.profile.enum).toEqual([...profileNames]);
  });

  it('each profile declares a schema of schemas/, a dialect of its own name whose first action its validator accepts, and a protocol version', () => {
    for (const p of profiles) {
      expect(existsSync(join(root, 'schemas', p.terminalSchema)), p.terminalSchema).toBe(true);
      expect(p.protocolVersion).toBeGreaterThanOrEqual(1);
      const dialect = dialectFor(p.name, source);
      expect(dialect.profile).toBe(p.name);
      const [first] = dialect.preset(undefined, 20);
      expect(validateTerminalMessage(first, p.name).ok, `${p.name}: ${JSON.stringify(first)}`).toBe(true);
    }
  });

  it('the shipped client certifies against its app, sends OkHttp\'s User-Agent and offers deflate; the document\'s client does neither', () => {
    expect(profileNamed('pinto-android-1')).toMatchObject({ certifiesApp: expect.stringMatching(/pinto-android/), client: { headers: { 'User-Agent': 'okhttp/4.11.0' }, offersDeflate: true } });
    expect(profileNamed('strict')).toMatchObject({ client: { headers: {}, offersDeflate: false } });
    expect(profileNamed('strict').certifiesApp).toBeUndefined();
  });
});

describe('reconnect policy', () => {
  const delay = (name: 'strict' | 'pinto-android-1', attempt: number, end: { clean: boolean; code: number }): number | undefined => profileNamed(name).client.reconnectDelay(attempt, end);

  it('pinto-android-1: every 5 s after a failure, never after a clean close', () => {
    expect(delay('pinto-android-1', 0, { clean: false, code: 1006 })).toBe(5_000);
    expect(delay('pinto-android-1', 7, { clean: false, code: 1006 })).toBe(5_000);
    expect(delay('pinto-android-1', 0, { clean: true, code: 1000 })).toBeUndefined();
  });

  it('strict: exponential backoff capped at 30 s, none after being replaced (4001)', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((a) => delay('strict', a, { clean: false, code: 1006 }))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect(delay('strict', 0, { clean: true, code: 4001 })).toBeUndefined();
  });
});
