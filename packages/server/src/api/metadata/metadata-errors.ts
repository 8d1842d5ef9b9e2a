/** The metadata service's refusals, each with webob's status and Nova's explanation. */
import { NovaError } from '@novats/core';

/** A proxied request without its X-Instance-ID or X-Tenant-ID, or with two of one (400). */
export class MetadataProxyHeaderInvalid extends NovaError {
  readonly code = 'metadata.proxy_header_invalid';
  readonly status = 400 as const;
}

/** X-Instance-ID-Signature does not match (403). */
export class MetadataProxySignatureInvalid extends NovaError {
  readonly code = 'metadata.proxy_signature_invalid';
  readonly status = 403 as const;
  constructor() {
    super('Invalid proxy request signature.');
  }
}

/** No instance at that address or id, or not the tenant's, or no such path (404). */
export class MetadataNotFound extends NovaError {
  readonly code = 'metadata.not_found';
  readonly status = 404 as const;
  constructor() {
    super('The resource could not be found.');
  }
}

/** A second password POST once one is set (409). */
export class MetadataPasswordExists extends NovaError {
  readonly code = 'metadata.password_exists';
  readonly status = 409 as const;
  constructor() {
    super('There was a conflict when trying to complete your request.');
  }
}

/** A password over 4 × 255 characters, or a method other than GET and POST (400). */
export class MetadataPasswordInvalid extends NovaError {
  readonly code = 'metadata.password_invalid';
  readonly status = 400 as const;
}
