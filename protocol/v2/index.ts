export * from './frame.js';
export * from './problems.js';
export * from './schema-store.js';
export * from './semantic.js';
export * from './validator.js';
export * from './conversation.js';
export * from './verdict.js';
