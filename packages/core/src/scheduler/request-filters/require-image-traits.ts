/**
 * Required image traits: the image's `trait:<NAME>=required` properties
 * become required traits of the placement query (Nova folds them into the
 * ResourceRequest), so only providers with those traits are candidates.
 */
import { addUnique, type PlacementQuery, type RequestFilter } from './placement-query.js';
import { imageRequiredTraits } from './requested-traits.js';

export const requireImageTraits: RequestFilter = {
  name: 'require_image_traits',
  apply(spec, query): PlacementQuery {
    const traits = imageRequiredTraits(spec);
    return traits.length === 0
      ? query
      : { ...query, required_traits: addUnique(query.required_traits, traits) };
  },
};
