import type { KioskScreen } from '../../../kiosk-v2/screens.js';
import { h } from '../dom.js';

/** The customer's taps; main.ts passes each to the virtual kiosk (kiosk-v2/), which decides what happens. */
export interface V2Taps {
  amount(amount: number): void;
  other(): void;
  keypadConfirm(amount: number): void;
  keypadCancel(): void;
  method(method: string): void;
  cancel(): void;
  receipt(yes: boolean): void;
  screensaver(): void;
}

/**
 * Draws what the virtual kiosk shows (kiosk-v2/screens.ts), the screensaver
 * over it, and only the buttons d540407 has on that screen. The root carries
 * data-screen (the app's state name; PRINTER_ERROR shows as DEVICE_ERROR, as
 * on the device, §4.1), buttons carry data-action (and data-amount,
 * data-method) so tests and scripts can drive the kiosk. Text from the
 * backend goes in as text, never as HTML.
 */
export function drawV2Screen(screen: KioskScreen, screensaver: boolean, taps: V2Taps): HTMLElement {
  if (screensaver) {
    const saver = root('SCREENSAVER', 'Touch to start', h('p', { class: 'muted' }, 'Screensaver (local, after 30 s idle on the amount screen)'));
    saver.classList.add('screensaver');
    saver.setAttribute('data-action', 'screensaver');
    saver.addEventListener('click', () => taps.screensaver());
    return saver;
  }
  switch (screen.name) {
    case 'LOADING':
      return root(screen.name, 'Loading…', spinner());
    case 'CONNECTION_ERROR':
      return root(screen.name, 'Connection error', glyph('!', 'fail'), h('p', { class: 'muted' }, 'Reconnecting every 5 s after a failure; after a reconnect the kiosk waits here for a screen (V2-TRN-9).'));
    case 'AMOUNT_SELECT':
      return root(screen.name, 'Select amount',
        h('div', { class: 'pad' },
          ...screen.amounts.map((a) => button(`${screen.currency}${a}`, { 'data-action': 'amount', 'data-amount': String(a) }, () => taps.amount(a))),
          screen.showOtherOption && button('Other', { 'data-action': 'other' }, () => taps.other())));
    case 'KEYPAD':
      return keypad(screen, taps);
    case 'PAYMENT_METHOD':
      return root(screen.name, 'Choose how to pay',
        h('p', { class: 'big' }, `${screen.currency}${screen.amount}`),
        h('div', { class: 'pad' }, ...screen.methods.map((m) => button(m.replace(/_/g, ' '), { 'data-action': 'method', 'data-method': m, class: 'method' }, () => taps.method(m)))),
        h('div', { class: 'row' }, button('Cancel', { 'data-action': 'cancel', class: 'secondary' }, () => taps.cancel())));
    case 'PROCESSING':
      return root(screen.name, 'Processing…', spinner(), h('p', { class: 'muted' }, 'Follow the card terminal.'));
    case 'TIMEOUT':
      return root(screen.name, 'Please wait', spinner(), h('p', { class: 'muted' }, 'Timeout screen: shown until the next screen.'));
    case 'MOCK_PAYMENT_CARD':
      return root(screen.name, 'Present card', h('p', { class: 'big' }, `${screen.currency}${screen.amount}`), h('p', { class: 'muted' }, 'Mock provider: the app approves by itself.'));
    case 'SUCCESS':
      return root(screen.name, 'Payment successful', glyph('✓', 'ok'));
    case 'FAILED':
      return root(screen.name, 'Payment failed', glyph('✕', 'fail'), h('p', {}, screen.errorMessage ?? 'Something went wrong'));
    case 'REVERSING':
      return root(screen.name, 'Reversing transaction', spinner(), h('p', {}, screen.message));
    case 'REVERSAL_SUCCESS':
      return root(screen.name, 'Transaction reversed', glyph('✓', 'ok'), h('p', {}, screen.message));
    case 'LIMIT_ERROR':
      return root(screen.name, 'Limit exceeded', glyph('!', 'fail'), h('p', {}, screen.errorMessage));
    case 'PRINT_TICKET':
      return root(screen.name, 'Printing your ticket…', spinner());
    case 'COLLECT_TICKET':
      return root(screen.name, 'Please collect your ticket', glyph('🎫', 'ok'));
    case 'THANK_YOU':
      return root(screen.name, 'Thank you', glyph('✓', 'ok'));
    case 'DEVICE_ERROR':
      return root(screen.name, 'Device error', glyph('⚠', 'fail'), h('p', { class: 'device-error-message' }, screen.errorMessage));
    case 'QR_CODE':
      return root(screen.name, 'Scan to pay', qrPlaceholder(screen.paymentUrl),
        h('p', { class: 'small muted' }, 'd540407 shows a placeholder image, not a QR code of the URL (§8 D23).'),
        screen.paymentUrl !== '' && h('p', { class: 'mono small payment-url' }, screen.paymentUrl),
        h('div', { class: 'row' }, button('Cancel', { 'data-action': 'cancel', class: 'secondary' }, () => taps.cancel())));
    case 'REFUND_PROCESSING':
      return root(screen.name, 'Refund', spinner(), h('p', {}, screen.errorMessage ?? 'Processing refund...'));
    case 'RECEIPT_QUESTION':
      return root(screen.name, 'Would you like a receipt?',
        h('div', { class: 'row' },
          button('Yes', { 'data-action': 'receipt-yes', class: 'primary' }, () => taps.receipt(true)),
          button('No', { 'data-action': 'receipt-no', class: 'secondary' }, () => taps.receipt(false))));
  }
}

/** The app is not running: RESTART_APP killed it, or the person restarted it; the device's kiosk mode relaunches it. */
export function drawNotRunning(): HTMLElement {
  return root('APP_NOT_RUNNING', 'App not running', spinner(), h('p', { class: 'muted' }, 'The device\'s kiosk mode relaunches it.'));
}

function root(screen: string, title: string, ...children: Array<Node | false | undefined>): HTMLElement {
  return h('section', { class: `screen screen-${screen.toLowerCase().replace(/_/g, '-')}`, 'data-screen': screen }, h('h2', { class: 'screen-title' }, title), ...children);
}

function button(label: string, attrs: Record<string, string>, onClick: () => void): HTMLButtonElement {
  const b = h('button', { type: 'button', ...attrs }, label);
  b.addEventListener('click', onClick);
  return b;
}

function spinner(): HTMLElement {
  return h('div', { class: 'spinner', 'aria-hidden': 'true' });
}

function glyph(text: string, kind: 'ok' | 'fail'): HTMLElement {
  return h('div', { class: `glyph ${kind}`, 'aria-hidden': 'true' }, text);
}

/** The local keypad: digits typed here, the amount checked against min/max by the virtual kiosk on OK (PaymentScreen.kt:1575-1587). */
function keypad(screen: Extract<KioskScreen, { name: 'KEYPAD' }>, taps: V2Taps): HTMLElement {
  let digits = '';
  const display = h('div', { class: 'keypad-display', 'data-keypad-display': '' }, `${screen.currency}0`);
  const hint = h('p', { class: 'keypad-hint small muted' }, `${screen.currency}${screen.minAmount} to ${screen.currency}${screen.maxAmount}`);
  const update = (): void => {
    display.textContent = `${screen.currency}${digits === '' ? '0' : digits}`;
    const n = Number(digits);
    hint.classList.toggle('outside', digits !== '' && (n < screen.minAmount || n > screen.maxAmount));
  };
  const key = (k: string): HTMLButtonElement => button(k, { 'data-key': k }, () => {
    if (k === '⌫') digits = digits.slice(0, -1);
    else if (digits.length < 6) digits = (digits + k).replace(/^0+(?=\d)/, '');
    update();
  });
  return root('KEYPAD', 'Enter amount', display, hint,
    h('div', { class: 'keys' }, ...['1', '2', '3', '4', '5', '6', '7', '8', '9', '⌫', '0'].map(key)),
    h('div', { class: 'row' },
      button('Cancel', { 'data-action': 'keypad-cancel', class: 'secondary' }, () => taps.keypadCancel()),
      button('OK', { 'data-action': 'keypad-confirm', class: 'primary' }, () => taps.keypadConfirm(Number(digits === '' ? '0' : digits)))));
}

/**
 * A QR-like placeholder: d540407 draws a fixed image, not the URL (§8 D23).
 * The pattern is derived from the URL only so two URLs look different.
 */
function qrPlaceholder(url: string): HTMLElement {
  const size = 21;
  let seed = 2166136261;
  for (const c of url) seed = Math.imul(seed ^ c.charCodeAt(0), 16777619) >>> 0;
  const cells: HTMLElement[] = [];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const finder = (x < 7 && y < 7) || (x >= size - 7 && y < 7) || (x < 7 && y >= size - 7);
      let dark: boolean;
      if (finder) {
        const fx = x >= size - 7 ? x - (size - 7) : x;
        const fy = y >= size - 7 ? y - (size - 7) : y;
        dark = fx === 0 || fx === 6 || fy === 0 || fy === 6 || (fx >= 2 && fx <= 4 && fy >= 2 && fy <= 4);
      } else {
        seed = Math.imul(seed ^ (x * 31 + y), 16777619) >>> 0;
        dark = (seed & 1) === 1;
      }
      cells.push(h('span', { class: dark ? 'qr-dark' : 'qr-light' }));
    }
  }
  return h('div', { class: 'qr', 'aria-label': 'QR code placeholder', role: 'img' }, ...cells);
}
