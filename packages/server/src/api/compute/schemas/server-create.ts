/**
 * The body of POST /servers, as Nova's `schemas/servers.py` defines it for
 * the microversions served: unknown keys are rejected (Nova's
 * additionalProperties: false), names are 1-255 printable characters.
 */
import {
  SERVER_CREATE_PROPERTIES,
  SERVER_DESCRIPTION,
  SERVER_HOSTNAME,
  SERVER_TAGS,
  SERVER_TRUSTED_CERTS,
} from '@novats/core';

export function serverCreateSchema(opts: {
  networksRequired: boolean;
  descriptionAllowed: boolean;
  hostnameAllowed: boolean;
  tagsAllowed?: boolean;
  trustedCertsAllowed?: boolean;
}): object {
  const server: Record<string, unknown> = {
    type: 'object',
    // NOTE(one-source): the properties are core's, from which @novats/sdk derives its types.
    properties: { ...SERVER_CREATE_PROPERTIES },
    required: ['name', 'flavorRef', ...(opts.networksRequired ? ['networks'] : [])],
    additionalProperties: false,
  };
  if (opts.descriptionAllowed) {
    (server.properties as Record<string, unknown>).description = SERVER_DESCRIPTION;
  }
  if (opts.tagsAllowed) (server.properties as Record<string, unknown>).tags = SERVER_TAGS;
  if (opts.trustedCertsAllowed) {
    (server.properties as Record<string, unknown>).trusted_image_certificates = SERVER_TRUSTED_CERTS;
  }
  if (opts.hostnameAllowed) {
    (server.properties as Record<string, unknown>).hostname = SERVER_HOSTNAME;
  }
  return {
    type: 'object',
    properties: {
      server,
      'os:scheduler_hints': { type: 'object' },
      'OS-SCH-HNT:scheduler_hints': { type: 'object' },
    },
    required: ['server'],
    additionalProperties: false,
  };
}
