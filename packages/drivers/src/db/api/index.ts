export { AggregateNotFound } from './aggregate-repository.js';
export * from './api-database.js';
export { API_MIGRATION_SET, API_MIGRATIONS } from './api-migrations.js';
export { CellMappingNotFound } from './cell-mapping-repository.js';
export { InstanceMappingNotFound } from './instance-mapping-repository.js';
export { KeyPairExists } from './key-pair-repository.js';
