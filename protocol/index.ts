export * from './error-catalogue.js';
export * from './frame.js';
export * from './problems.js';
export * from './requirements.js';
export * from './schema-store.js';
export * from './screen-graph.js';
export * from './semantic.js';
export * from './unknown-fields.js';
export * from './validator.js';
export type * from './types/generated.js';
// paysock's own file formats (schemas/formats/), by their top-level types.
export type { Certificate, ConformanceTarget, LoadSummary, ReferenceServerConfigFile, RunResults } from './types/generated-formats.js';
export * from './identifier.js';
