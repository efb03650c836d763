import { parseBooks, type BooksSnapshot } from './books-audit.js';

// Node only (fetch): books-audit.ts is also type-checked in the k6 project, whose runtime has no fetch.

/**
 * GET <url> (the books endpoint, e.g. http://host:port/v2/books) with an
 * optional Bearer token; the books, or a message saying why they could not
 * be read.
 */
export async function readBooks(url: string, token?: string, timeoutMs = 30_000): Promise<{ books: BooksSnapshot } | { error: string }> {
  try {
    const response = await fetch(url, { headers: token !== undefined ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return { error: `GET ${url}: HTTP ${response.status}` };
    return { books: parseBooks(await response.json()) };
  } catch (error) {
    return { error: `GET ${url}: ${(error as Error).message}` };
  }
}
