import { describe, expect, it } from 'vitest';
import {
  imageCreateBody,
  imageMemberCreateBody,
  imageMemberUpdateBody,
  imagePatchBody,
} from './image-bodies.js';

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return { status: (err as { status: number }).status, message: (err as Error).message };
  }
  return null;
};

describe('image request bodies against the shared schemas, in Glance wording', () => {
  it.each([
    [{ min_ram: -1 }, 400, "Provided object does not match schema 'image': -1 is less than the minimum of 0"],
    [
      { disk_format: 'floppy' },
      400,
      "Provided object does not match schema 'image': 'floppy' is not one of [None, 'ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop']",
    ],
    [{ hw_numa_nodes: 2 }, 400, "Provided object does not match schema 'image': 2 is not of type 'string'"],
    [
      { protected: 'yes' },
      400,
      "Provided object does not match schema 'image': 'yes' is not of type 'boolean'",
    ],
    [[1], 400, "Provided object does not match schema 'image': [1] is not of type 'object'"],
    [undefined, 400, 'Body expected in request.'],
    // NOTE(glance): a read-only name is a 403 even when its value would also fail the schema.
    [{ size: 5 }, 403, "Attribute 'size' is read-only."],
  ])('create %j: %i %s', (body, status, message) => {
    expect(refusal(() => imageCreateBody(body))).toEqual({ status, message });
  });

  it('takes a valid create as it is', () => {
    const body = { id: '0c7a2a4e-3b8f-4d6c-9f1e-2a5b7c9d1e3f', name: null, tags: ['a'], os_distro: 'cirros' };
    expect(imageCreateBody(body)).toBe(body);
  });

  it("words a bad v2.1 patch as Glance's parser does", () => {
    expect(refusal(() => imagePatchBody([{ op: 'move', path: '/name' }], 10))?.message).toBe(
      'Invalid operation: `move`. It must be one of the following: add, remove, replace.',
    );
    expect(refusal(() => imagePatchBody([{ op: 'add', path: '/a' }], 10))?.message).toBe(
      'Operation "add" requires a member named "value".',
    );
    expect(imagePatchBody([{ op: 'replace', path: '/name', value: 'n' }], 10)).toEqual([
      { op: 'replace', path: 'name', value: 'n' },
    ]);
  });

  it.each([
    [{}, 'Member to be added not specified'],
    ['x', 'Member to be added not specified'],
    [{ member: 5 }, 'Expected a member in the form: {"member": "image_id"}'],
    [{ member: '  ' }, "Member can't be empty"],
  ])('member %j: %s', (body, message) => {
    expect(refusal(() => imageMemberCreateBody(body))).toEqual({ status: 400, message });
  });

  it.each([
    [{}, 'Status not specified'],
    [{ status: 1 }, 'Expected a status in the form: {"status": "status"}'],
    [{ status: 'maybe' }, 'Incorrect request: Status must be "pending", "accepted" or "rejected".'],
  ])('member status %j: %s', (body, message) => {
    expect(refusal(() => imageMemberUpdateBody(body))).toEqual({ status: 400, message });
  });
});
