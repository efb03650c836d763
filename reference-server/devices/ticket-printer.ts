import type { Scenario } from '../scenario.js';

/** Result of printing one ticket. */
export type PrintResult = 'printed' | 'fault';

/** The kiosk's ticket printer (FLOW-11, FLOW-12). A real adapter implements the same call. */
export interface TicketPrinter {
  print(transactionId: string, scenario: Scenario): Promise<PrintResult>;
}

/** The simulated printer: always has paper, except under the printer-fault scenario (TC-3). */
export class SimulatedTicketPrinter implements TicketPrinter {
  async print(_transactionId: string, scenario: Scenario): Promise<PrintResult> {
    return scenario.name === 'printer-fault' ? 'fault' : 'printed';
  }
}
