/** @novats/sdk's faultOf: the message each service's error body carries, as the dashboard shows it. */

import { describe, expect, it } from 'vitest';
import { faultOf } from '../../packages/sdk/src/errors.js';

describe('faultOf', () => {
  it("reads Nova's fault", () => {
    const f = faultOf(409, { conflictingRequest: { code: 409, message: "Key pair 'k' already exists." } });
    expect(f).toEqual({ name: 'conflictingRequest', code: 409, message: "Key pair 'k' already exists." });
  });

  it("reads Placement's errors", () => {
    const f = faultOf(404, {
      errors: [
        { status: 404, title: 'Not Found', detail: 'No resource provider', code: 'placement.undefined_code' },
      ],
    });
    expect(f).toMatchObject({ name: 'placement.undefined_code', code: 404, message: 'No resource provider' });
  });

  it("reads Glance's webob body without its <br /> tail", () => {
    const f = faultOf(400, {
      message: "Provided object does not match schema 'image': 'x' is too long<br /><br />\n\n\n",
      code: '400 Bad Request',
      title: 'Bad Request',
    });
    expect(f).toEqual({
      name: 'Bad Request',
      code: 400,
      message: "Provided object does not match schema 'image': 'x' is too long",
    });
  });

  it('falls back to the status for a body it does not know', () => {
    expect(faultOf(500, { something: 1 }).message).toBe('HTTP 500');
    expect(faultOf(502, 'Bad gateway').message).toBe('Bad gateway');
  });
});
