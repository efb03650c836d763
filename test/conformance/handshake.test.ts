import { describe, expect, it } from 'vitest';
import { handshakeRequest } from '../../conformance/context/handshake.js';
import { resolveTarget } from '../../conformance/target.js';

describe('a case connection\'s upgrade request (conformance/context/handshake.ts)', () => {
  it('strict, no authentication: the terminal id in the URL, no client headers, no deflate offer', () => {
    const target = resolveTarget({ url: 'ws://127.0.0.1:1/pay' });
    const r = handshakeRequest(target, { scenario: 'approve', query: { extra: '1' } }, 'ps-r-c-A', undefined);
    expect(r).toEqual({ url: 'ws://127.0.0.1:1/pay?terminalId=ps-r-c-A&extra=1', headers: { 'X-Test-Scenario': 'approve' }, offerDeflate: false, scenario: 'approve' });
    expect(handshakeRequest(target, { noTerminalId: true }, 'ps-r-c-A', undefined).url).toBe('ws://127.0.0.1:1/pay');
  });

  it('pinto-android-1: OkHttp\'s User-Agent and its permessage-deflate offer (DIA-7), unless the case says otherwise', () => {
    const target = resolveTarget({ url: 'ws://127.0.0.1:1/', profile: 'pinto-android-1' });
    const r = handshakeRequest(target, {}, 'id', undefined);
    expect(r.headers).toEqual({ 'User-Agent': 'okhttp/4.11.0' });
    expect(r.offerDeflate).toBe(true);
    expect(handshakeRequest(target, { deflate: false, headers: { 'User-Agent': 'other' } }, 'id', undefined)).toMatchObject({ offerDeflate: false, headers: { 'User-Agent': 'other' } });
  });

  it('with tokens: the lease\'s bearer token and no terminal id; an unknown token is one no terminal has', () => {
    const target = resolveTarget({ url: 'ws://127.0.0.1:1/', auth: { mode: 'tokens', pool: ['tok-1'] } });
    const r = handshakeRequest(target, {}, 'id', { token: 'tok-1' });
    expect(r).toMatchObject({ url: 'ws://127.0.0.1:1/', headers: { Authorization: 'Bearer tok-1' } });
    expect(handshakeRequest(target, { credentials: 'unknown-token' }, 'id', undefined).headers.Authorization).toMatch(/^Bearer paysock-unknown-[0-9a-f]{16}$/);
    expect(handshakeRequest(target, { credentials: 'none' }, 'id', undefined).headers.Authorization).toBeUndefined();
  });
});
