import type { WebSocketLike } from '../../../kiosk-v2/websocket-transport.js';

/** What `paysock kiosk`'s relay says first (kiosk/relay.ts RelayHello). */
export interface RelayAnswer {
  scenario: string;
  /** The backend's `X-Test-Scenario-Accepted`, or null: it does not apply the scenario (TC-2). */
  accepted: string | null;
}

/**
 * A WebSocket to the backend through `paysock kiosk`'s relay, which adds
 * `X-Test-Scenario` to the upgrade. It looks to the kiosk like a direct
 * connection: the relay's first frame (what the backend answered to the
 * header) goes to `answered` and the kiosk's onopen fires only after it, so
 * the kiosk and the judge see exactly the backend's frames.
 */
export function relaySocket(relayUrl: string, backend: string, scenario: string, answered: (answer: RelayAnswer) => void): WebSocketLike {
  const url = `${relayUrl}?to=${encodeURIComponent(backend)}&scenario=${encodeURIComponent(scenario)}`;
  const ws = new WebSocket(url);
  let greeted = false;
  const socket: WebSocketLike = {
    get readyState() {
      // Until the relay's answer the kiosk is still connecting.
      return !greeted && ws.readyState === WebSocket.OPEN ? WebSocket.CONNECTING : ws.readyState;
    },
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
    send: (data) => ws.send(data),
    close: (code, reason) => ws.close(code, reason),
  };
  ws.onmessage = (event) => {
    if (greeted) return socket.onmessage?.({ data: event.data });
    greeted = true;
    try {
      answered((JSON.parse(String(event.data)) as { paysockRelay: RelayAnswer }).paysockRelay);
    } catch {
      answered({ scenario, accepted: null });
    }
    socket.onopen?.(event);
  };
  ws.onclose = (event) => socket.onclose?.({ code: event.code, reason: event.reason });
  ws.onerror = (event) => socket.onerror?.(event);
  return socket;
}
