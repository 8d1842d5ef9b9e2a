/** Key pair bodies of /os-keypairs (Nova's keypairs views), by microversion. */
import type { KeyPair } from '@novats/core';
import type { ApiVersion } from '../api-version.js';
import { isoSeconds } from './server-view.js';

export function keyPairSummary(k: KeyPair, v: ApiVersion): Record<string, unknown> {
  return {
    name: k.name,
    public_key: k.public_key,
    fingerprint: k.fingerprint,
    ...(v.atLeast(2, 2) ? { type: k.type } : {}),
  };
}

export function keyPairDetail(k: KeyPair, v: ApiVersion): Record<string, unknown> {
  return {
    ...keyPairSummary(k, v),
    user_id: k.user_id,
    id: k.id,
    created_at: isoSeconds(k.created_at),
    updated_at: null,
    deleted: false,
    deleted_at: null,
  };
}
