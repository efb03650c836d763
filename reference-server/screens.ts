import { screenErrors, type ScreenErrorCode } from '../protocol/error-catalogue.js';
import type { Screen } from '../protocol/screen-graph.js';
import type { AmountSelectScreen, DeviceErrorScreen, FailedScreen, KeypadScreen, LimitErrorScreen, PaymentMethodScreen } from '../protocol/types/generated.js';
import type { ServerConfig } from './api.js';

/** Screens whose idle timeout runs (FLOW-15). */
export const idleScreens: ReadonlySet<Screen> = new Set<Screen>(['KEYPAD', 'PAYMENT_METHOD', 'FAILED', 'LIMIT_ERROR']);

/** Screens the server moves on from by itself (FLOW-11, FLOW-19, FLOW-20). */
export const drivenScreens: ReadonlySet<Screen> = new Set<Screen>(['SUCCESS', 'PRINT_TICKET', 'COLLECT_TICKET', 'THANK_YOU', 'DEVICE_ERROR']);

/** The screens whose data depends on the configuration alone: built once per configuration, frozen, shared. */
const fixedData = new WeakMap<ServerConfig, { amountSelect: AmountSelectScreen['data']; keypad: KeypadScreen['data']; paymentMethod: PaymentMethodScreen['data'] }>();
function fixed(config: ServerConfig) {
  let data = fixedData.get(config);
  if (!data) {
    data = {
      // The configuration's schema holds 1 to 12 amounts, as SCR-1's does: the tuple type is the same list.
      amountSelect: deepFreeze({ amounts: [...config.amounts] as AmountSelectScreen['data']['amounts'], currency: config.currency, showOtherOption: config.showOtherOption }),
      keypad: deepFreeze({ currency: config.currency, minAmount: config.keypad.minAmount, maxAmount: config.keypad.maxAmount }),
      paymentMethod: deepFreeze({ methods: [...config.methods] as PaymentMethodScreen['data']['methods'], allowCancel: config.allowCancel, currency: config.currency }),
    };
    fixedData.set(config, data);
  }
  return data;
}

function deepFreeze<T extends object>(value: T): T {
  for (const each of Object.values(value)) if (typeof each === 'object' && each !== null) deepFreeze(each);
  return Object.freeze(value);
}

/** AMOUNT_SELECT data (SCR-1); the same frozen object for a configuration. */
export function amountSelectData(config: ServerConfig): AmountSelectScreen['data'] {
  return fixed(config).amountSelect;
}

/** KEYPAD data (SCR-2); the same frozen object for a configuration. */
export function keypadData(config: ServerConfig): KeypadScreen['data'] {
  return fixed(config).keypad;
}

/** PAYMENT_METHOD data (SCR-3); the same frozen object for a configuration. */
export function paymentMethodData(config: ServerConfig): PaymentMethodScreen['data'] {
  return fixed(config).paymentMethod;
}

const texts = new WeakMap<object, string>();
/**
 * The JSON text of screen data. Frozen data (the shared objects above) is
 * serialized once: every terminal row the store writes (3 a payment) holds one.
 */
export function jsonOf(data: Record<string, unknown>): string {
  if (!Object.isFrozen(data)) return JSON.stringify(data);
  let text = texts.get(data);
  if (text === undefined) {
    text = JSON.stringify(data);
    texts.set(data, text);
  }
  return text;
}

/** LIMIT_ERROR data (SCR-7). */
export function limitErrorData(config: ServerConfig, remaining: number): LimitErrorScreen['data'] {
  return { limit: config.dailyLimit, remaining: Math.min(remaining, config.dailyLimit), currency: config.currency };
}

/** FAILED or DEVICE_ERROR data from the error catalogue (SCR-6, SCR-9). */
export function screenErrorData(code: ScreenErrorCode): FailedScreen['data'] | DeviceErrorScreen['data'] {
  return { errorMessage: screenErrors[code].message, errorCode: code };
}
