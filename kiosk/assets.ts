import { readFile } from 'node:fs/promises';
import { packagePath } from '../protocol/package-root.js';

/** Where `npm run build` puts a page script (scripts/build-kiosk.mjs): the v1 page's, or the v2 page's (kiosk-v2.js). */
export function kioskScriptPath(file: 'kiosk.js' | 'kiosk-v2.js' = 'kiosk.js'): string {
  return packagePath('dist', 'kiosk', file);
}

/** The bundled page script, or an error saying how to make it. */
export async function readKioskScript(path = kioskScriptPath()): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`the kiosk page script ${path} is missing (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}): run \`npm run build\``);
  }
}
