import type { V2Case } from '../case.js';
import { v2FlowCases } from './flow.js';
import { v2FrameCases } from './frames.js';
import { v2MoneyKeyCases } from './money-keys.js';
import { v2MoneyCases } from './money.js';
import { v2MoneyRequestCases } from './money-requests.js';

/** Every v2 case: flows (a)-(m), then money safety (M1-M15), then the backend's own messages that move money, then odd kiosk frames a backend survives. */
export const allV2Cases: readonly V2Case[] = [...v2FlowCases, ...v2MoneyCases, ...v2MoneyKeyCases, ...v2MoneyRequestCases, ...v2FrameCases];
