import type { V2Case } from '../case.js';
import { v2FlowCases } from './flow.js';

/** Every v2 case: flows (a)-(m), then money safety (M1-M15). */
export const allV2Cases: readonly V2Case[] = [...v2FlowCases];
