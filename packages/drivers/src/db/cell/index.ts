export * from './cell-database.js';
export { CELL_MIGRATION_SET, CELL_MIGRATIONS } from './cell-migrations.js';
export { alterWithShadow, SHADOW_TABLE_PREFIX, SHADOWED_TABLES } from './cell-shadow-migrations.js';
export { KnexDeletedRowArchive, ShadowTableMismatch } from './deleted-row-archive.js';
