/**
 * The test scenarios the page offers as buttons: the names the reference
 * server's v2 test control knows (docs/reference-server-v2.md, "Test
 * control"). Any other value can be typed; a backend that does not know a
 * name does not echo it (TC-2, TC-6).
 */
export const scenarioPresets: ReadonlyArray<{ name: string; label: string }> = [
  { name: 'printer-fault', label: 'Ticket fails to print (REVERSAL_REQUEST)' },
  { name: 'printer-fault-refund', label: 'Ticket fails to print (REFUND_REQUEST)' },
  { name: 'reversal-after-sale', label: 'REVERSAL_REQUEST instead of the receipt question' },
  { name: 'device-info-request', label: 'INFO_SCREEN on connect' },
  { name: 'restart-app', label: 'RESTART_APP on connect (once)' },
  { name: 'yaspa-off', label: 'yaspaEnabled false (local TIMEOUT screen)' },
  { name: 'no-receipt', label: 'requireCardReceipt false' },
];

/** Names that must be sent once only: on every connection they would restart the relaunched app for ever. */
export const ONCE = new Set(['restart-app']);

/** The header value's names. */
export function scenarioNames(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** The value with `name` added, or removed when it is there. */
export function toggleScenario(value: string, name: string): string {
  const names = scenarioNames(value);
  return (names.includes(name) ? names.filter((n) => n !== name) : [...names, name]).join(',');
}

/** Whether an accepted scenario makes this connection's tickets fail to print, with an automatic refund (flow h). */
export function printFails(accepted: string): boolean {
  return scenarioNames(accepted).some((n) => n === 'printer-fault' || n === 'printer-fault-refund');
}
