/** How the kiosk reaches a backend: its URL and the terminal's credentials. */
export interface BackendTarget {
  /** ws:// or wss:// URL of the backend's WebSocket endpoint. */
  backend: string;
  /** A token: sent as ?access_token= since a browser cannot set the Authorization header (clarifications, Transport). */
  token?: string | undefined;
  /** With authentication off: the terminal id, sent as ?terminalId= (AUTH-7). */
  terminalId?: string | undefined;
}

/**
 * The URL the browser opens: the backend's, with the token as `access_token` or
 * the terminal id as `terminalId` in the query. Throws on a URL that is not ws:// or wss://.
 */
export function connectUrl(target: BackendTarget): string {
  const url = new URL(target.backend);
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new Error(`${target.backend} is not a ws:// or wss:// URL`);
  if (target.token) url.searchParams.set('access_token', target.token);
  if (target.terminalId) url.searchParams.set('terminalId', target.terminalId);
  return url.href;
}
