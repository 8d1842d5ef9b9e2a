import { describe, expect, it } from 'vitest';
import { normalize, weigherBounds } from './weigher.js';

describe('normalize', () => {
  it.each([
    { name: 'empty', values: [], want: [] },
    { name: 'min-max to [0,1]', values: [10, 20, 30], want: [0, 0.5, 1] },
    { name: 'all equal become 0', values: [7, 7, 7], want: [0, 0, 0] },
    { name: 'single value is 0', values: [42], want: [0] },
    { name: 'negatives', values: [-10, 0, 10], want: [0, 0.5, 1] },
  ])('$name', ({ values, want }) => {
    expect(normalize(values)).toEqual(want);
  });

  it('uses given bounds', () => {
    expect(normalize([5, 10], 0)).toEqual([0.5, 1]);
    expect(normalize([5, 10], 0, 20)).toEqual([0.25, 0.5]);
    expect(normalize([5, 10], 5, 5)).toEqual([0, 0]);
  });

  it('weigherBounds widens a fixed minval by observed values, like BaseWeigher.weigh_objects', () => {
    expect(weigherBounds([5, 10], 2, 0, undefined)).toEqual([0, 10]);
    expect(weigherBounds([-5, 10], 2, 0, undefined)).toEqual([-5, 10]);
    expect(weigherBounds([4, 4], 2, undefined, undefined)).toEqual([4, 4]);
  });
});
