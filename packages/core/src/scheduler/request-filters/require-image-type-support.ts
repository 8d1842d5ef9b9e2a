/**
 * require_image_type_support: with `[scheduler]
 * query_placement_for_image_type_support`, the root provider must carry
 * `COMPUTE_IMAGE_TYPE_<disk_format>`; boot-from-volume skips it, and a
 * disk format without a standard trait leaves the query unchanged.
 */
import { isStandardTrait } from '../../placement/standard-traits.js';
import { addUnique, type PlacementQuery, type RequestFilter } from './placement-query.js';

export const requireImageTypeSupport: RequestFilter = {
  name: 'require_image_type_support',
  apply(spec, query, { options }): PlacementQuery {
    if (!options.scheduler.query_placement_for_image_type_support || spec.is_bfv || !spec.image) return query;
    const trait = `COMPUTE_IMAGE_TYPE_${spec.image.disk_format.toUpperCase()}`;
    if (!isStandardTrait(trait)) return query;
    return { ...query, root_required: addUnique(query.root_required, [trait]) };
  },
};
