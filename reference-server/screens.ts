import { screenErrors, type ScreenErrorCode } from '../protocol/error-catalogue.js';
import type { Screen } from '../protocol/screen-graph.js';
import type { ServerConfig } from './api.js';

/** Screens whose idle timeout runs (FLOW-15). */
export const idleScreens: ReadonlySet<Screen> = new Set<Screen>(['KEYPAD', 'PAYMENT_METHOD', 'FAILED', 'LIMIT_ERROR']);

/** Screens the server moves on from by itself (FLOW-11, FLOW-19, FLOW-20). */
export const drivenScreens: ReadonlySet<Screen> = new Set<Screen>(['SUCCESS', 'PRINT_TICKET', 'COLLECT_TICKET', 'THANK_YOU', 'DEVICE_ERROR']);

/** AMOUNT_SELECT data (SCR-1). */
export function amountSelectData(config: ServerConfig): Record<string, unknown> {
  return { amounts: [...config.amounts], currency: config.currency, showOtherOption: config.showOtherOption };
}

/** KEYPAD data (SCR-2). */
export function keypadData(config: ServerConfig): Record<string, unknown> {
  return { currency: config.currency, minAmount: config.keypad.minAmount, maxAmount: config.keypad.maxAmount };
}

/** PAYMENT_METHOD data (SCR-3). */
export function paymentMethodData(config: ServerConfig): Record<string, unknown> {
  return { methods: [...config.methods], allowCancel: config.allowCancel, currency: config.currency };
}

/** LIMIT_ERROR data (SCR-7). */
export function limitErrorData(config: ServerConfig, remaining: number): Record<string, unknown> {
  return { limit: config.dailyLimit, remaining: Math.min(remaining, config.dailyLimit), currency: config.currency };
}

/** FAILED or DEVICE_ERROR data from the error catalogue (SCR-6, SCR-9). */
export function screenErrorData(code: ScreenErrorCode): Record<string, unknown> {
  return { errorMessage: screenErrors[code].message, errorCode: code };
}
