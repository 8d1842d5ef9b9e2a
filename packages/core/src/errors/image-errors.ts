/**
 * Errors of the image service (Glance v2). Each carries the status Glance
 * answers with; the embedded image API renders them as Glance's webob fault
 * and Nova's image proxy maps them to its own faults by status.
 */
import { NovaError } from './nova-error.js';

/** 400: Glance's HTTPBadRequest (bad JSON, unknown sort key, invalid marker, bad patch). */
export class ImageBadRequest extends NovaError {
  readonly code: string = 'image.bad_request';
  readonly status = 400 as const;
}

/** 403: the caller may see the image but not do this to it (not the owner, reserved property, ...). */
export class ImageForbidden extends NovaError {
  readonly code: string = 'image.forbidden';
  readonly status = 403 as const;
}

/** 404: no such image, member or tag, or one the caller may not see. */
export class ImageResourceNotFound extends NovaError {
  readonly code: string = 'image.not_found';
  readonly status = 404 as const;
}

/** 409: the image's status forbids this (upload twice, member already there, duplicate id). */
export class ImageConflict extends NovaError {
  readonly code: string = 'image.conflict';
  readonly status = 409 as const;
}

/** 413: image data over `image_size_cap`, or over the caller's storage quota. */
export class ImageSizeLimitExceeded extends NovaError {
  readonly code = 'image.size_limit_exceeded';
  readonly status = 413 as const;
}

/** 415: a body type the route does not take (Glance lists the ones it does). */
export class ImageUnsupportedMediaType extends NovaError {
  readonly code = 'image.unsupported_media_type';
  readonly status = 415 as const;
}
