export * from './policy-check.js';
export * from './policy-enforcer.js';
export * from './policy-errors.js';
export * from './rule-default.js';
export * from './rule-parser.js';
