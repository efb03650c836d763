import type { ConformanceCase } from '../case.js';
import { authCases } from './auth.js';
import { badInputCases } from './bad-input.js';
import { dialectCases } from './dialect.js';
import { envelopeCases } from './envelope.js';
import { flowCases } from './flow.js';
import { graphCases } from './graph.js';
import { isolationCases } from './isolation.js';
import { moneyCases } from './money.js';
import { resumptionCases } from './resumption.js';
import { resumptionScreenCases } from './resumption-screens.js';
import { screenCases } from './screens.js';
import { testControlCases } from './test-control.js';
import { transactionIdCases } from './transaction-ids.js';
import { transportCases } from './transport.js';

/** Every case, in the order of docs/protocol.md's sections. */
export const allCases: readonly ConformanceCase[] = [
  ...transportCases,
  ...authCases,
  ...isolationCases,
  ...envelopeCases,
  ...screenCases,
  ...flowCases,
  ...moneyCases,
  ...transactionIdCases,
  ...resumptionCases,
  ...resumptionScreenCases,
  ...badInputCases,
  ...dialectCases,
  ...graphCases,
  ...testControlCases,
];
