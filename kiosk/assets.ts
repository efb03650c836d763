import { readFile } from 'node:fs/promises';
import { packagePath } from '../protocol/package-root.js';

/** Where `npm run build` puts the page script (scripts/build-kiosk.mjs). */
export function kioskScriptPath(): string {
  return packagePath('dist', 'kiosk', 'kiosk.js');
}

/** The bundled page script, or an error saying how to make it. */
export async function readKioskScript(path = kioskScriptPath()): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`the kiosk page script ${path} is missing (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}): run \`npm run build\``);
  }
}
