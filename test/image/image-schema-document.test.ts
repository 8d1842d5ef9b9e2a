/**
 * GET /v2/schemas/image (what glanceclient validates answers with) and the
 * shared schemas of @novats/core (what the service validates requests with
 * and the SDK is typed from) say the same of every attribute they both name:
 * the same JSON types and the same allowed values.
 */
import { IMAGE_VIEW, IMAGE_WRITABLE_PROPERTIES } from '@novats/core';
import { describe, expect, it } from 'vitest';
import { IMAGE_SCHEMA } from '../../packages/server/src/image/image-schemas.js';

type Prop = { type?: string | readonly string[]; enum?: readonly unknown[] };
const types = (p: Prop) => [p.type ?? []].flat().sort();
const values = (p: Prop) => (p.enum ? [...p.enum].map(String).sort() : undefined);

describe('the served image schema document and the shared image schemas', () => {
  const served = IMAGE_SCHEMA.properties as Record<string, Prop>;
  it.each([
    ['IMAGE_VIEW', IMAGE_VIEW.properties],
    ['IMAGE_WRITABLE_PROPERTIES', IMAGE_WRITABLE_PROPERTIES],
  ] as const)('agree with %s on types and allowed values', (_name, shared) => {
    const common = Object.keys(shared).filter((k) => k in served);
    expect(common.length).toBeGreaterThan(8);
    for (const key of common) {
      const ours = (shared as Record<string, Prop>)[key];
      expect({ key, types: types(served[key]) }).toEqual({ key, types: types(ours) });
      expect({ key, values: values(served[key]) }).toEqual({ key, values: values(ours) });
    }
  });
});
