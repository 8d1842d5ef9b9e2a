export * from './image-database.js';
export { IMAGE_MIGRATION_SET, IMAGE_MIGRATIONS } from './image-migrations.js';
export { KnexImageRepository } from './image-repository.js';
