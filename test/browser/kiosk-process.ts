import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { cliMain, root } from '../reference-server/process.js';

/** A running `paysock kiosk` and the page URL it printed. */
export interface KioskProcess {
  child: ChildProcess;
  url: string;
}

/** Starts `paysock kiosk --port 0 <args>` and waits for the URL it prints. */
export async function startKiosk(args: string[]): Promise<KioskProcess> {
  const child = spawn(process.execPath, [cliMain, 'kiosk', '--port', '0', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`paysock kiosk did not start: ${out}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`paysock kiosk exited with ${code}: ${out}`)));
  });
  return { child, url };
}

/** Clicks an export button and saves what the page downloads into `dir`; returns the file. */
export async function saveDownload(page: Page, button: string, dir: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(button).click()]);
  const file = join(dir, download.suggestedFilename());
  await download.saveAs(file);
  return file;
}

/** `paysock validate <file> <args>`: its exit code and output. */
export function validate(file: string, ...args: string[]): { code: number; out: string } {
  try {
    return { code: 0, out: execSync(`"${process.execPath}" "${cliMain}" validate "${file}" ${args.join(' ')}`, { cwd: root, encoding: 'utf8' }) };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr?: string };
    return { code: e.status, out: `${e.stdout}${e.stderr ?? ''}` };
  }
}

/** A new page of the kiosk's size that collects the page's errors (thrown or logged) and every URL it requests. */
export async function watchedPage(browser: Browser): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('request', (r) => requests.push(r.url()));
  return { page, errors, requests };
}
