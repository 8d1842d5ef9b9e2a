/**
 * The instance's block device mappings (Nova's `block_device_mapping`
 * table) as a JSON column of the instance row, as flavor, metadata and the
 * network info already are: attach, detach and swap rewrite the list in one
 * guarded update of the row.
 */
import type { Migration } from '../shared/migration-runner.js';
import { alterWithShadow } from './cell-shadow-migrations.js';

export const BLOCK_DEVICE_MAPPING_MIGRATION: Migration = {
  name: '009_instances_block_device_mappings',
  async up(db) {
    await alterWithShadow(db, 'instances', (t) => {
      t.text('block_device_mappings', 'mediumtext').nullable();
    });
  },
};
