import type { WireEvent } from '../../results.js';

/**
 * A short label for one wire event: "SCREEN_CHANGE PAYMENT_METHOD",
 * "ERROR INVALID_MESSAGE", "close 1003 ...". Used by the wire log and the
 * sequence diagram. Returns raw text: callers escape it.
 */
export function frameSummary(event: WireEvent): string {
  switch (event.kind) {
    case 'text':
      return textSummary(event.data);
    case 'binary':
      return `binary frame${event.bytes !== undefined ? ` (${event.bytes} B)` : ''}`;
    case 'close':
      return `close ${event.data}`.trim();
    case 'open':
      return 'open';
    case 'http':
      return `HTTP ${event.data}`.trim();
    case 'error':
      return `error: ${event.data}`;
    case 'ping':
    case 'pong':
      return event.kind;
  }
}

/** Whether a text frame is a protocol ERROR message (drawn in the error colour). */
export function isErrorMessage(event: WireEvent): boolean {
  return event.kind === 'text' && parseObject(event.data)?.messageType === 'ERROR';
}

function textSummary(text: string): string {
  const message = parseObject(text);
  if (!message) return `text: ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`;
  if (message.ping === true && message.messageType === undefined) return 'keepalive {"ping":true}';
  const type = str(message.messageType) ?? '(no messageType)';
  const screen = str(message.screen) ?? '';
  const data = typeof message.data === 'object' && message.data !== null ? (message.data as Record<string, unknown>) : {};
  const extra: string[] = [];
  if (type === 'ERROR') extra.push(str(data.errorCode) ?? '');
  else if (type === 'STATUS_UPDATE') extra.push(str(data.status) ?? '', typeof data.progress === 'number' ? `${data.progress}%` : '');
  else if (type === 'USER_ACTION') {
    for (const key of ['selectedAmount', 'selectionMethod', 'selectedMethod', 'action']) {
      if (data[key] !== undefined) extra.push(String(data[key]));
    }
  } else if (screen === 'FAILED' || screen === 'DEVICE_ERROR') extra.push(str(data.errorCode) ?? '');
  return [type, screen, ...extra].filter((p) => p !== '').join(' ');
}

function parseObject(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
