/**
 * The image API's request bodies checked against the shared schemas
 * (@novats/core's api-schemas/image, which @novats/sdk checks before
 * sending), each failure worded as Glance words it: `Provided object does
 * not match schema 'image': <jsonschema's message>` for an image, the JSON
 * patch parser's and the member deserializer's own sentences otherwise.
 */
import {
  IMAGE_CREATE,
  IMAGE_MEMBER_CREATE,
  IMAGE_MEMBER_UPDATE,
  IMAGE_PATCH,
  ImageBadRequest,
  type ImageCreate,
  type ImageMemberCreate,
  type ImageMemberUpdate,
} from '@novats/core';
import { checkWritableName, type ImageChange, parseImagePatch } from '@novats/drivers';
import { schemaFailure } from '../http/jsonschema-wording.js';

function present(body: unknown): unknown {
  if (body === undefined || body === null) throw new ImageBadRequest('Body expected in request.');
  return body;
}

/** POST /v2/images: read-only and reserved names are 403 first (Glance's `_check_allowed`), then the schema. */
export function imageCreateBody(body: unknown): ImageCreate {
  if (typeof present(body) === 'object' && !Array.isArray(body))
    for (const key of Object.keys(body as object)) if (key !== 'id') checkWritableName(key);
  const failure = schemaFailure(IMAGE_CREATE, body);
  if (failure) throw new ImageBadRequest(`Provided object does not match schema 'image': ${failure.message}`);
  return body as ImageCreate;
}

/**
 * PATCH /v2/images/{id}: a v2.1 patch must match the schema; the parser
 * then words what is wrong (or finds the 403s) as Glance does, and checks
 * the v2.0 form, which has no schema of its own.
 */
export function imagePatchBody(body: unknown, draft: 4 | 10): ImageChange[] {
  present(body);
  const failure = draft === 10 ? schemaFailure(IMAGE_PATCH, body) : null;
  const changes = parseImagePatch(body, draft);
  if (failure) throw new ImageBadRequest(`Invalid JSON patch: ${failure.message}`);
  return changes;
}

/** POST /v2/images/{id}/members, with the sentences of Glance's member deserializer. */
export function imageMemberCreateBody(body: unknown): ImageMemberCreate {
  const failure = schemaFailure(IMAGE_MEMBER_CREATE, present(body));
  if (!failure) return body as ImageMemberCreate;
  const { keyword } = failure.error;
  if (keyword === 'required' || (keyword === 'type' && failure.path.length === 0))
    throw new ImageBadRequest('Member to be added not specified');
  if (keyword === 'type') throw new ImageBadRequest('Expected a member in the form: {"member": "image_id"}');
  throw new ImageBadRequest("Member can't be empty");
}

/** PUT /v2/images/{id}/members/{member}. */
export function imageMemberUpdateBody(body: unknown): ImageMemberUpdate {
  const failure = schemaFailure(IMAGE_MEMBER_UPDATE, present(body));
  if (!failure) return body as ImageMemberUpdate;
  const { keyword } = failure.error;
  if (keyword === 'required' || (keyword === 'type' && failure.path.length === 0))
    throw new ImageBadRequest('Status not specified');
  if (keyword === 'type') throw new ImageBadRequest('Expected a status in the form: {"status": "status"}');
  throw new ImageBadRequest('Incorrect request: Status must be "pending", "accepted" or "rejected".');
}
