export * from './identity-migrations.js';
export type * from './identity-rows.js';
export * from './identity-store.js';
export { IdentityDuplicate, IdentityTable } from './identity-table.js';
