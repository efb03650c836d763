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
export type { V2BackendMessage, V2KioskMessage } from './types/generated-v2.js';
/** Every v2 (pinto-android-2) message type, generated from schemas/v2/. */
export type * as V2Types from './types/generated-v2.js';
export * from './v2/index.js';
export * from './validate-message.js';
export * from './identifier.js';
