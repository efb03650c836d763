import { h } from './dom.js';

/** What the kiosk's buttons do; main.ts turns each into the profile's messages. */
export interface ScreenActions {
  preset(amount: unknown): void;
  other(): void;
  keypad(amount: number): void;
  method(method: string): void;
  cancel(screen: 'KEYPAD' | 'PAYMENT_METHOD'): void;
  ok(screen: 'FAILED' | 'LIMIT_ERROR'): void;
}

/** The latest STATUS_UPDATE, shown on PROCESSING. */
export interface StatusShown {
  status?: unknown;
  message?: unknown;
  progress?: unknown;
}

type Data = Record<string, unknown>;

/**
 * Draws one screen from what the backend sent, and nothing else: the buttons are
 * the offered amounts and methods, cancel only when allowed, "Other" only when
 * offered. The root carries data-screen; buttons carry data-amount,
 * data-method and data-action so tests and users' scripts can drive the kiosk.
 * Data that is not what the spec says is drawn as far as it goes.
 * `lastCurrency` is the currency of an earlier screen, for screens without one (PROCESSING).
 */
export function drawScreen(screen: string, rawData: unknown, actions: ScreenActions, status: StatusShown | undefined, lastCurrency = ''): HTMLElement {
  const data: Data = rawData !== null && typeof rawData === 'object' && !Array.isArray(rawData) ? (rawData as Data) : {};
  // PROCESSING carries no currency: the last one the backend named stands.
  const currency = typeof data.currency === 'string' ? data.currency : lastCurrency;
  const money = (amount: unknown): string => `${currency}${String(amount)}`;
  const root = (title: string, ...children: Array<Node | false | undefined>): HTMLElement =>
    h('section', { class: `screen screen-${screen.toLowerCase().replace(/_/g, '-')}`, 'data-screen': screen }, h('h2', { class: 'screen-title' }, title), ...children);
  const okButton = (which: 'FAILED' | 'LIMIT_ERROR'): HTMLElement => button('OK', { 'data-action': 'OK', class: 'primary' }, () => actions.ok(which));

  switch (screen) {
    case 'AMOUNT_SELECT': {
      const amounts = Array.isArray(data.amounts) ? data.amounts : [];
      return root(
        'Select an amount',
        h('div', { class: 'pad amounts' }, ...amounts.map((a) => button(money(a), { 'data-amount': String(a), class: 'amount' }, () => actions.preset(a)))),
        data.showOtherOption === true && h('div', { class: 'row' }, button('Other amount', { 'data-action': 'OTHER', class: 'secondary' }, () => actions.other())),
      );
    }
    case 'KEYPAD':
      return keypadScreen(data, money, actions, root);
    case 'PAYMENT_METHOD': {
      const methods = Array.isArray(data.methods) ? data.methods : [];
      return root(
        'How would you like to pay?',
        h('div', { class: 'pad methods' }, ...methods.map((m) => button(methodLabel(m), { 'data-method': String(m), class: 'method' }, () => actions.method(String(m))))),
        data.allowCancel === true && h('div', { class: 'row' }, button('Cancel', { 'data-action': 'CANCEL', class: 'secondary' }, () => actions.cancel('PAYMENT_METHOD'))),
      );
    }
    case 'PROCESSING': {
      const progress = typeof status?.progress === 'number' ? Math.max(0, Math.min(100, status.progress)) : undefined;
      const bar = h('div', { class: 'progress' }, h('div', { class: 'progress-fill' }));
      (bar.firstChild as HTMLElement).style.width = `${progress ?? 0}%`;
      return root(
        'Processing payment',
        h('div', { class: 'spinner', 'aria-hidden': 'true' }),
        data.amount !== undefined && h('p', { class: 'big' }, money(data.amount)),
        data.method !== undefined && h('p', { class: 'muted' }, methodLabel(data.method)),
        h('p', { class: 'status-line', 'data-status': status?.status === undefined ? undefined : String(status.status) }, status?.status === undefined ? 'Please wait…' : String(status.status)),
        typeof status?.message === 'string' && h('p', { class: 'muted' }, status.message),
        bar,
        progress !== undefined && h('p', { class: 'small muted', 'data-progress': String(progress) }, `${progress}%`),
      );
    }
    case 'SUCCESS':
      return root('Payment approved', h('div', { class: 'glyph ok' }, '✓'), h('p', { class: 'muted' }, data.showReceipt === true ? 'A ticket will be printed.' : 'No ticket for this payment.'));
    case 'FAILED':
      return root('Payment failed', h('div', { class: 'glyph fail' }, '✕'), errorLines(data), h('div', { class: 'row' }, okButton('FAILED')));
    case 'LIMIT_ERROR':
      return root(
        'Daily limit reached',
        h('p', { class: 'big' }, `${money(data.remaining)} left today`),
        h('p', { class: 'muted' }, `Daily limit ${money(data.limit)}`),
        h('div', { class: 'row' }, okButton('LIMIT_ERROR')),
      );
    case 'PRINT_TICKET':
      return root('Printing your ticket', h('div', { class: 'spinner', 'aria-hidden': 'true' }));
    case 'COLLECT_TICKET':
      return root('Please collect your ticket', h('div', { class: 'glyph' }, '🎫'));
    case 'THANK_YOU':
      return root('Thank you', h('p', { class: 'muted' }, 'Have a good day.'));
    case 'DEVICE_ERROR':
      return root('Out of service', h('div', { class: 'glyph fail' }, '!'), errorLines(data));
    default:
      return root(`Unknown screen ${JSON.stringify(screen)}`, h('p', { class: 'muted' }, 'The kiosk cannot draw a screen the protocol does not define (ENV-3).'));
  }
}

function keypadScreen(data: Data, money: (a: unknown) => string, actions: ScreenActions, root: (title: string, ...c: Array<Node | false | undefined>) => HTMLElement): HTMLElement {
  const min = typeof data.minAmount === 'number' ? data.minAmount : undefined;
  const max = typeof data.maxAmount === 'number' ? data.maxAmount : undefined;
  let typed = '';
  const display = h('output', { class: 'keypad-display', 'data-keypad-value': '' }, money(0));
  const hint = h('p', { class: 'small muted keypad-hint' }, `Between ${money(min ?? '?')} and ${money(max ?? '?')}`);
  const enter = button('Enter', { 'data-action': 'ENTER', class: 'primary' }, () => {
    if (typed !== '') actions.keypad(Number(typed));
  });
  const refresh = (): void => {
    display.textContent = money(typed === '' ? 0 : typed);
    display.setAttribute('data-keypad-value', typed);
    const value = Number(typed);
    const outside = typed !== '' && ((min !== undefined && value < min) || (max !== undefined && value > max));
    hint.classList.toggle('outside', outside);
    hint.textContent = outside
      ? `${money(typed)} is outside ${money(min ?? '?')}–${money(max ?? '?')}: the backend must answer ERROR INVALID_AMOUNT (FLOW-5)`
      : `Between ${money(min ?? '?')} and ${money(max ?? '?')}`;
  };
  const key = (label: string, onPress: () => void, attrs: Record<string, string>): HTMLElement => button(label, { class: 'key', ...attrs }, () => {
    onPress();
    refresh();
  });
  const digits = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => key(d, () => (typed = (typed + d).replace(/^0+/, '').slice(0, 9)), { 'data-key': d }));
  return root(
    'Enter an amount',
    display,
    hint,
    h('div', { class: 'keys' },
      ...digits,
      key('C', () => (typed = ''), { 'data-key': 'CLEAR' }),
      key('0', () => (typed = (typed + '0').replace(/^0+/, '').slice(0, 9)), { 'data-key': '0' }),
      key('⌫', () => (typed = typed.slice(0, -1)), { 'data-key': 'BACKSPACE' }),
    ),
    h('div', { class: 'row' }, button('Cancel', { 'data-action': 'CANCEL', class: 'secondary' }, () => actions.cancel('KEYPAD')), enter),
  );
}

function errorLines(data: Data): HTMLElement {
  return h('div', { class: 'error-lines' },
    typeof data.errorMessage === 'string' ? h('p', {}, data.errorMessage) : h('p', { class: 'muted' }, '(no errorMessage)'),
    h('p', { class: 'small mono muted', 'data-error-code': String(data.errorCode) }, String(data.errorCode ?? '')),
  );
}

function methodLabel(method: unknown): string {
  if (method === 'DEBIT_CARD') return 'Debit card';
  if (method === 'PAY_BY_BANK') return 'Pay by bank';
  return String(method);
}

function button(label: string, attrs: Record<string, string>, onClick: () => void): HTMLButtonElement {
  const b = h('button', { type: 'button', ...attrs }, label);
  b.addEventListener('click', onClick);
  return b;
}
