/**
 * The shape of a conformance run's results: what the runner produces, what
 * `--formats json` writes, and what every report renderer (HTML, JUnit) and
 * `paysock report results.json` reads. The schema is
 * schemas/formats/results.schema.json; the types here are generated from it
 * (protocol/types/generated-formats.ts). Changing a required field means
 * changing RESULTS_FORMAT_VERSION.
 */

import type { RunResults } from '../protocol/types/generated-formats.js';

export type {
  CaseResult,
  CertificateSeal,
  OverallVerdict,
  RequirementCoverage,
  RunResults,
  SchemaError,
  StepResult,
  TerminalPoolUsage,
  Verdict,
  WireEvent,
} from '../protocol/types/generated-formats.js';

export const RESULTS_FORMAT_VERSION: RunResults['format'] = 1;
