import type { SchemaError, WireEvent } from './results.js';

const MAX_DATA = 4096;

/** The wire log of one case: every frame and event of all its connections, in order. */
export class WireLog {
  readonly events: WireEvent[] = [];
  readonly schemaErrors: SchemaError[] = [];
  /** Warnings that do not fail a case (ENV-13 unknown fields, ENV-10 implausible clock). */
  readonly warnings: string[] = [];

  /** Appends an event and returns its index (what steps and schema errors point at). */
  add(connection: string, direction: WireEvent['direction'], kind: WireEvent['kind'], data: string, bytes?: number): number {
    const truncated = data.length > MAX_DATA ? `${data.slice(0, MAX_DATA)}… [truncated, ${data.length} characters]` : data;
    const event: WireEvent = { at: Date.now(), connection, direction, kind, data: truncated };
    if (bytes !== undefined) event.bytes = bytes;
    this.events.push(event);
    return this.events.length - 1;
  }
}
