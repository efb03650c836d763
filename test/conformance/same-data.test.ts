import { describe, expect, it } from 'vitest';
import { sameScreenData } from '../../conformance/same-data.js';

describe('sameScreenData: screen data compared as values', () => {
  const pm = { methods: ['DEBIT_CARD', 'PAY_BY_BANK'], allowCancel: true, currency: '£' };

  it('ignores key order', () => {
    expect(sameScreenData('PAYMENT_METHOD', pm, { currency: '£', allowCancel: true, methods: ['DEBIT_CARD', 'PAY_BY_BANK'] }).same).toBe(true);
  });

  it('ignores fields the spec does not define for the screen (ENV-13)', () => {
    expect(sameScreenData('PAYMENT_METHOD', pm, { ...pm, vendorHint: 'resumed' }).same).toBe(true);
  });

  it('names the first defined field that differs', () => {
    expect(sameScreenData('PAYMENT_METHOD', pm, { ...pm, methods: ['DEBIT_CARD'] })).toEqual({ same: false, difference: 'methods ["DEBIT_CARD","PAY_BY_BANK"] vs ["DEBIT_CARD"]' });
    expect(sameScreenData('PAYMENT_METHOD', pm, { methods: pm.methods, currency: '£' })).toEqual({ same: false, difference: 'allowCancel true vs undefined' });
  });
});
