import { describe, expect, it } from 'vitest';
import { defaultServerConfig } from '../../reference-server/api.js';
import { frameText, type StampedMessage } from '../../reference-server/frame-text.js';
import { amountSelectData, keypadData, paymentMethodData, screenErrorData } from '../../reference-server/screens.js';

describe('frameText', () => {
  it('is JSON.stringify of the stamped message, byte for byte, for shared and fresh data alike', () => {
    const config = { ...defaultServerConfig, currency: 'Ł"\\\n€' };
    const data: Array<Record<string, unknown>> = [
      amountSelectData(config), keypadData(config), paymentMethodData(config), screenErrorData('CARD_DECLINED'),
      {}, { amount: 20, method: 'DEBIT_CARD' }, { showReceipt: false }, { status: 'PRINTING', message: 'x "quoted" \u2028', progress: 50 },
      { errorMessage: 'ünïcode \ud83d\ude00', errorCode: 'INVALID_AMOUNT' },
    ];
    const ids = ['initial', 'T-mx5palzh-3e12a30908', '7f1c2f1e-7a0b-4c59-9d1e-1a2b3c4d5e6f', 'a.b:c-d_e'];
    for (const d of data) {
      for (const transactionId of ids) {
        for (const timestamp of [0, 1796190243536, Number.MAX_SAFE_INTEGER]) {
          const message: StampedMessage = { messageType: 'SCREEN_CHANGE', screen: 'AMOUNT_SELECT', data: d, transactionId, timestamp };
          expect(frameText(message)).toBe(JSON.stringify(message));
          // The cached text of shared data is served again, still the same bytes.
          expect(frameText(message)).toBe(JSON.stringify(message));
        }
      }
    }
    for (const messageType of ['SCREEN_CHANGE', 'ERROR', 'STATUS_UPDATE']) {
      const message: StampedMessage = { messageType, screen: 'PROCESSING', data: { amount: 20 }, transactionId: 'T-1', timestamp: 5 };
      expect(frameText(message)).toBe(JSON.stringify(message));
    }
  });
});
