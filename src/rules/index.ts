export * from './rule-schema.js';
export * from './load.js';
export * from './evaluate.js';
export { compileCondition, toCelValue, CelSyntaxError } from './cel.js';
export { buildExample, defaultResource } from './examples.js';
