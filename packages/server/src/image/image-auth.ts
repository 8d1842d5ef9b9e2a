/**
 * Who is calling the image API, decided in one place and the same way as
 * for the Compute API (`[api] auth_strategy`): noauth2's `<user>:<project>`
 * token (the user `admin` is an administrator), or the configured hook
 * (Keystone token validation) that turns the headers into a context; the
 * all-in-one takes both, as `authForRequest` decides per request.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { RequestContext } from '@novats/core';
import { type ApiAuth, authForRequest } from '../api/auth/api-auth.js';
import { contextFromNoauthToken } from '../api/compute/noauth2.js';

export async function imageRequestContext(
  auth: ApiAuth,
  headers: IncomingHttpHeaders,
  requestId: string,
): Promise<RequestContext> {
  // NOTE(all-in-one): `novats up` takes its identity service's tokens and noauth2's; authForRequest tells them apart.
  const effective = authForRequest(auth, headers);
  if (effective !== 'noauth2') return effective.authenticate(headers, requestId);
  const token = headers['x-auth-token'];
  const project = headers['x-project-id'] ?? headers['x-tenant-id'];
  return contextFromNoauthToken(
    Array.isArray(token) ? token[0] : token,
    Array.isArray(project) ? project[0] : project,
    requestId,
  );
}
