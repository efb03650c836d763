import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectUrl } from '../../kiosk/backend-url.js';
import { KIOSK_CSP } from '../../kiosk/page-html.js';
import { isLoopbackHost, startKioskServer, type KioskServer } from '../../kiosk/server.js';
import { request } from 'node:http';

let server: KioskServer;
beforeAll(async () => {
  server = await startKioskServer({ port: 0, backend: 'ws://127.0.0.1:1/</script><script>alert(1)</script>', token: 'tok', profile: 'pinto-android-1', script: '/* page script */' });
});
afterAll(async () => {
  await server?.close();
});

/** A GET with a chosen Host header (fetch does not let one set it). */
function get(path: string, host = `127.0.0.1:${server.port}`): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += String(c)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the kiosk page server', () => {
  it('listens on loopback and serves the page, its script and its stylesheet under the strict CSP', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    for (const path of ['/', '/kiosk.js', '/kiosk.css']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers['content-security-policy']).toBe(KIOSK_CSP);
    }
    expect(KIOSK_CSP).toContain("script-src 'self'");
    expect(KIOSK_CSP).not.toMatch(/unsafe-(inline|eval)/);
    expect((await get('/kiosk.js')).body).toBe('/* page script */');
    expect((await get('/elsewhere')).status).toBe(404);
  });

  it('a backend URL cannot break out of the page\'s config block', async () => {
    const page = (await get('/')).body;
    expect(page).not.toContain('</script><script>alert(1)');
    const block = /<script id="kiosk-config" type="application\/json">(.*?)<\/script>/.exec(page);
    expect(JSON.parse(block?.[1] ?? 'null')).toMatchObject({ backend: 'ws://127.0.0.1:1/</script><script>alert(1)</script>', token: 'tok', profile: 'pinto-android-1' });
    expect(page).toContain('<option value="pinto-android-1" selected>');
  });

  it('answers only requests that name it by a loopback name (no DNS rebinding)', async () => {
    expect((await get('/', 'evil.example:80')).status).toBe(403);
    expect((await get('/', `localhost:${server.port}`)).status).toBe(200);
    expect(isLoopbackHost(undefined, 1)).toBe(false);
  });
});

describe('connectUrl', () => {
  it('puts the token in ?access_token= and the terminal id in ?terminalId=', () => {
    expect(connectUrl({ backend: 'wss://kiosk.example/ws?x=1', token: 'a b' })).toBe('wss://kiosk.example/ws?x=1&access_token=a+b');
    expect(connectUrl({ backend: 'ws://127.0.0.1:8080', terminalId: 'K1' })).toBe('ws://127.0.0.1:8080/?terminalId=K1');
    expect(() => connectUrl({ backend: 'http://127.0.0.1:8080/' })).toThrow(/not a ws:\/\/ or wss:\/\//);
  });
});
