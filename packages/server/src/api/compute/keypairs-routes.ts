/**
 * /os-keypairs (Nova's keypairs controller): per user; `type` ssh or x509
 * from 2.2 (create 201 and delete 204 from 2.2, 200 and 202 before);
 * `user_id` for admins from 2.10; limit/marker from 2.35; from 2.92 the
 * public key is required and names may hold `@` and `.`.
 */
import { InvalidInput, keypairCreateSchemaFor } from '@novats/core';
import {
  createKeyPair,
  deleteKeyPair,
  getKeyPair,
  listKeyPairs,
} from '../../compute-orchestration/keypair-api.js';
import { nextLink } from './links.js';
import { lastValue, parseLimit } from './pagination.js';
import type { ComputeRoute, RouteRequest } from './route-table.js';
import { keyPairDetail, keyPairSummary } from './views/keypair-view.js';

/** The key pairs' owner: the caller, or (admins, 2.10) the `user_id` given. */
const owner = (r: Omit<RouteRequest, 'body'>, given?: string) =>
  (r.version.atLeast(2, 10) ? (given ?? lastValue(r.query.user_id)) : undefined) ?? (r.ctx.user_id as string);

const target = (r: Omit<RouteRequest, 'body'>) => ({ user_id: owner(r) });

export const KEYPAIRS_ROUTES: readonly ComputeRoute[] = [
  {
    method: 'GET',
    path: '/os-keypairs',
    policy: 'os_compute_api:os-keypairs:index',
    target,
    summary: "The user's key pairs (user_id 2.10, limit/marker 2.35)",
    async handler(r) {
      let list = await listKeyPairs(r.deps, owner(r));
      let limit: number | undefined;
      if (r.version.atLeast(2, 35)) {
        const marker = lastValue(r.query.marker);
        if (marker !== undefined) {
          const at = list.findIndex((k) => k.name === marker);
          if (at < 0) throw new InvalidInput(`marker [${marker}] not found`);
          list = list.slice(at + 1);
        }
        if (r.query.limit !== undefined) {
          limit = parseLimit(r.query.limit, r.deps.maxLimit);
          list = list.slice(0, limit);
        }
      }
      const body: Record<string, unknown> = {
        keypairs: list.map((k) => ({ keypair: keyPairSummary(k, r.version) })),
      };
      if (limit !== undefined && list.length === limit && limit > 0) {
        body.keypairs_links = [nextLink(r.base, 'os-keypairs', r.query, list[list.length - 1].name, limit)];
      }
      return { body };
    },
  },
  {
    method: 'POST',
    path: '/os-keypairs',
    policy: 'os_compute_api:os-keypairs:create',
    target: (r) => ({ user_id: owner(r, r.body?.keypair?.user_id) }),
    summary: 'Import or generate a key pair (201 from 2.2)',
    body: keypairCreateSchemaFor,
    async handler(r) {
      const k = r.body.keypair;
      const { keyPair, privateKey } = await createKeyPair(r.deps, r.ctx, {
        userId: owner(r, k.user_id),
        name: k.name,
        type: k.type ?? 'ssh',
        publicKey: k.public_key,
      });
      const view: Record<string, unknown> = {
        ...keyPairSummary(keyPair, r.version),
        user_id: keyPair.user_id,
      };
      if (privateKey) view.private_key = privateKey;
      return { status: r.version.atLeast(2, 2) ? 201 : 200, body: { keypair: view } };
    },
  },
  {
    method: 'GET',
    path: '/os-keypairs/:name',
    policy: 'os_compute_api:os-keypairs:show',
    target,
    summary: 'Show a key pair',
    async handler(r) {
      return {
        body: { keypair: keyPairDetail(await getKeyPair(r.deps, owner(r), r.params.name), r.version) },
      };
    },
  },
  {
    method: 'DELETE',
    path: '/os-keypairs/:name',
    policy: 'os_compute_api:os-keypairs:delete',
    target,
    summary: 'Delete a key pair (204 from 2.2, 202 before)',
    async handler(r) {
      await deleteKeyPair(r.deps, owner(r), r.params.name);
      return { status: r.version.atLeast(2, 2) ? 204 : 202 };
    },
  },
];
