/**
 * Which instance a metadata request speaks for (Nova's MetadataRequestHandler):
 * behind the Neutron proxy (`[neutron] service_metadata_proxy`), the signed
 * X-Instance-ID plus X-Tenant-ID; otherwise the source address, or
 * X-Forwarded-For when `[api] use_forwarded_for` trusts a proxy in front.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { InstanceMetadata } from '@novats/core';
import type { FastifyRequest } from 'fastify';
import {
  MetadataNotFound,
  MetadataProxyHeaderInvalid,
  MetadataProxySignatureInvalid,
} from './metadata-errors.js';
import type { MetadataSettings } from './metadata-settings.js';
import type { MetadataSource } from './metadata-source.js';

/** Every value a header was sent with (Node joins repeats, which would hide a second X-Instance-ID). */
function headerValues(req: FastifyRequest, name: string): string[] {
  const raw = req.raw.rawHeaders;
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i].toLowerCase() === name) out.push(raw[i + 1]);
  return out;
}

/** The hex HMAC-SHA256 the proxy signs an instance id with. */
export function instanceIdSignature(secret: string, instanceId: string): string {
  return createHmac('sha256', secret).update(instanceId).digest('hex');
}

/** Constant-time comparison of a presented signature with the expected one. */
export function signatureMatches(expected: string, presented: string | undefined): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(presented ?? '', 'utf8');
  // NOTE(timing): the expected length is public (64 hex digits); only equal lengths are compared byte-wise.
  return a.length === b.length && timingSafeEqual(a, b);
}

function remoteAddress(req: FastifyRequest, settings: MetadataSettings): string {
  if (settings.useForwardedFor) {
    const xff = headerValues(req, 'x-forwarded-for')[0];
    if (xff) return xff.split(',')[0].trim();
  }
  const addr = req.socket.remoteAddress ?? '';
  return addr.startsWith('::ffff:') ? addr.slice(7) : addr;
}

async function byProxyHeaders(
  req: FastifyRequest,
  settings: MetadataSettings,
  source: MetadataSource,
): Promise<InstanceMetadata> {
  const ids = headerValues(req, 'x-instance-id');
  const tenants = headerValues(req, 'x-tenant-id');
  if (ids.length === 0) throw new MetadataProxyHeaderInvalid('X-Instance-ID header is missing from request.');
  if (tenants.length === 0)
    throw new MetadataProxyHeaderInvalid('X-Tenant-ID header is missing from request.');
  if (ids.length > 1)
    throw new MetadataProxyHeaderInvalid('Multiple X-Instance-ID headers found within request.');
  if (tenants.length > 1)
    throw new MetadataProxyHeaderInvalid('Multiple X-Tenant-ID headers found within request.');
  const expected = instanceIdSignature(settings.proxySharedSecret, ids[0]);
  if (!signatureMatches(expected, headerValues(req, 'x-instance-id-signature')[0]))
    throw new MetadataProxySignatureInvalid();
  const md = await source.byInstanceId(ids[0]);
  // NOTE(nova): another tenant's instance answers as if it did not exist.
  if (!md || md.instance.project_id !== tenants[0]) throw new MetadataNotFound();
  return md;
}

/** The metadata of the instance the request is from; rejects with the metadata errors. */
export async function identifyInstance(
  req: FastifyRequest,
  settings: MetadataSettings,
  source: MetadataSource,
): Promise<InstanceMetadata> {
  if (settings.serviceMetadataProxy) return byProxyHeaders(req, settings, source);
  const address = remoteAddress(req, settings);
  const md = address ? await source.byAddress(address) : null;
  if (!md) throw new MetadataNotFound();
  return md;
}
