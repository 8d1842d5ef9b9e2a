export { KnexPlacementStore } from './knex-placement-store.js';
export { openPlacementStore } from './open-placement-store.js';
export { migratePlacementDatabase, syncStandardPlacementData } from './placement-migrations.js';
export { ALLOCATION_CONFLICT_RETRY_COUNT } from './placement-transaction.js';
