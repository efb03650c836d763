/** The folders of the repository whose modules are checked. */
export const checkedFolders: string[];
/** Every import cycle among the modules under `folders`, each as its modules joined with " -> ", sorted. */
export function findCycles(folders: string[], options?: { cwd?: string; exclude?: string }): Promise<string[]>;
/** The cycles found that the allow-list does not name (new), and the listed ones no longer found (gone). */
export function compareWithAllowList(found: string[], allowed: Array<{ cycle: string; why: string }>): { added: string[]; gone: string[] };
/** The allow-list of scripts/known-cycles.json. */
export function knownCycles(file?: string): Array<{ cycle: string; why: string }>;
