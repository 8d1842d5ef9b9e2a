export * from './cell-database.js';
export * from './cell-errors.js';
export { CELL_MIGRATION_SET, CELL_MIGRATIONS } from './cell-migrations.js';
