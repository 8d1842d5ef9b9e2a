/**
 * /openstack/<version>/password (Nova's metadata/password.py): GET returns
 * what the guest posted; POST stores it once, since the guest encrypts it
 * with its key pair and nobody may replace it afterwards (409).
 */
import type { InstanceMetadata } from '@novats/core';
import type { FastifyRequest } from 'fastify';
import { PASSWORD_KEYS, PASSWORD_MAX_SIZE, passwordToSystemMetadata } from './instance-password.js';
import { MetadataNotFound, MetadataPasswordExists, MetadataPasswordInvalid } from './metadata-errors.js';
import type { MetadataSource } from './metadata-source.js';

export async function handlePassword(
  req: FastifyRequest,
  md: InstanceMetadata,
  source: MetadataSource,
): Promise<string> {
  if (req.method === 'GET' || req.method === 'HEAD') return md.password;
  if (req.method !== 'POST')
    throw new MetadataPasswordInvalid('The server could not comply with the request.');
  const body = typeof req.body === 'string' ? req.body : '';
  if (body.length > PASSWORD_MAX_SIZE) throw new MetadataPasswordInvalid('Request is too large.');
  const cell = await source.cellOf(md.instance.uuid);
  if (!cell) throw new MetadataNotFound();
  // NOTE(once): the check reads the database, not the cache, so a second POST is refused at once.
  const stored = await cell.systemMetadata.set(md.instance.uuid, passwordToSystemMetadata(body), {
    unlessSet: PASSWORD_KEYS,
  });
  if (!stored) throw new MetadataPasswordExists();
  source.forget(md.instance.uuid);
  return '';
}
