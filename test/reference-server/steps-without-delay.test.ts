import { describe, expect, it } from 'vitest';
import { payPreset, useReferenceServer } from './terminal-client.js';

const reference = useReferenceServer();

describe('server-driven steps with no delay (step delay 0)', () => {
  it('run in order within the turn: SUCCESS, PRINT_TICKET, COLLECT_TICKET, THANK_YOU, AMOUNT_SELECT, and the next payment goes on', async () => {
    const t = await reference.open({ config: { stepDelayMs: 0, processingMs: 0 } }, { terminalId: 'kiosk-steps', awaitScreen: 'AMOUNT_SELECT' });
    for (let round = 0; round < 3; round++) {
      const id = await payPreset(t);
      const screens: string[] = [];
      for (;;) {
        const m = await t.next();
        if (m.messageType !== 'SCREEN_CHANGE') continue;
        screens.push(m.screen);
        if (m.screen === 'AMOUNT_SELECT') {
          expect(m.transactionId).toBe('initial');
          break;
        }
        expect(m.transactionId).toBe(id);
      }
      expect(screens).toEqual(['SUCCESS', 'PRINT_TICKET', 'COLLECT_TICKET', 'THANK_YOU', 'AMOUNT_SELECT']);
      expect(reference.running().transaction(id)).toMatchObject({ state: 'completed', charged: true, ticket: 'printed' });
    }
  });
});
