import { describe, expect, it } from 'vitest';
import type { ImageMeta } from '../../objects/image.js';
import { makeHostState } from '../host-state.js';
import { resolveSchedulerOptions } from '../options.js';
import { makeRequestSpec } from '../request-spec-builder.js';
import { createIsolatedHostsFilter, REASON_ISOLATION } from './isolated-hosts-filter.js';

const image = (id: string) => ({ id, properties: {} }) as unknown as ImageMeta;

describe('IsolatedHostsFilter', () => {
  it.each([
    // isolated images configured: i1 on h1
    { restrict: true, images: ['i1'], image: 'i1', host: 'h1', want: true },
    { restrict: true, images: ['i1'], image: 'i1', host: 'h2', want: false },
    { restrict: true, images: ['i1'], image: 'i2', host: 'h1', want: false },
    { restrict: true, images: ['i1'], image: 'i2', host: 'h2', want: true },
    { restrict: true, images: ['i1'], image: null, host: 'h1', want: false },
    { restrict: false, images: ['i1'], image: 'i2', host: 'h1', want: true },
    { restrict: false, images: ['i1'], image: 'i1', host: 'h2', want: false },
    // no isolated images: only restrict keeps other images off isolated hosts
    { restrict: true, images: [], image: 'i2', host: 'h1', want: false },
    { restrict: false, images: [], image: 'i2', host: 'h1', want: true },
    { restrict: true, images: [], image: 'i2', host: 'h2', want: true },
  ])('restrict=$restrict images=$images image=$image host=$host', ({
    restrict,
    images,
    image: id,
    host,
    want,
  }) => {
    const filter = createIsolatedHostsFilter(
      resolveSchedulerOptions({
        filter_scheduler: {
          isolated_hosts: ['h1'],
          isolated_images: images,
          restrict_isolated_hosts_to_isolated_images: restrict,
        },
      }),
    );
    const verdict = filter.hostPasses(
      makeHostState({ host }),
      makeRequestSpec({ image: id === null ? null : image(id) }),
    );
    expect(verdict).toEqual(want ? { pass: true } : { pass: false, reason: REASON_ISOLATION });
  });
});
