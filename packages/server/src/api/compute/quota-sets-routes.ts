/**
 * /os-quota-sets/{tenant_id} (Nova's quota_sets controller): show, detail
 * (limit, in_use, reserved), defaults, update (200; a limit under the usage
 * is 400 unless `force`) and delete (202), each for a project or, with
 * `?user_id=`, one of its users; and /os-quota-class-sets/{id} (show,
 * update). 2.36 drops the nova-network keys, 2.57 the injected-file keys;
 * quota classes show the server group keys from 2.50.
 */

import {
  QUOTA_CLASS_UPDATE,
  QUOTA_CLASS_UPDATE_V250,
  QUOTA_CLASS_UPDATE_V257,
  QUOTA_SET_UPDATE,
  QUOTA_SET_UPDATE_V236,
  QUOTA_SET_UPDATE_V257,
  quotaSetQuery,
} from '@novats/core';
import {
  classQuotaSet,
  defaultQuotaSet,
  deleteQuotas,
  detailQuotas,
  showQuotas,
  updateClassQuotas,
  updateQuotas,
} from '../../compute-orchestration/quota-sets-api.js';
import type { ApiVersion } from './api-version.js';
import { lastValue } from './pagination.js';
import { type ComputeRoute, perVersion, type RouteRequest } from './route-table.js';
import { quotaClassSetFilter, quotaSetFilter, quotaSetView } from './views/quota-set-view.js';

const project = (r: Omit<RouteRequest, 'body'>) => ({ project_id: r.params.tenant_id });
const klass = (r: Omit<RouteRequest, 'body'>) => ({ quota_class: r.params.id });
const userOf = (r: RouteRequest) => lastValue(r.query.user_id) || undefined;
const query = perVersion((v: ApiVersion) => quotaSetQuery(v.atLeast(2, 75)));

const updateBody = (v: ApiVersion) =>
  v.atLeast(2, 57) ? QUOTA_SET_UPDATE_V257 : v.atLeast(2, 36) ? QUOTA_SET_UPDATE_V236 : QUOTA_SET_UPDATE;
const classBody = (v: ApiVersion) =>
  v.atLeast(2, 57)
    ? QUOTA_CLASS_UPDATE_V257
    : v.atLeast(2, 50)
      ? QUOTA_CLASS_UPDATE_V250
      : QUOTA_CLASS_UPDATE;

export const QUOTA_SETS_ROUTES: readonly ComputeRoute[] = [
  {
    method: 'GET',
    path: '/os-quota-sets/:tenant_id',
    policy: 'os_compute_api:os-quota-sets:show',
    target: project,
    query,
    summary: "A project's (or with user_id a user's) quota limits",
    async handler(r) {
      const values = await showQuotas(r.deps, r.params.tenant_id, userOf(r));
      return { body: { quota_set: quotaSetView(r.params.tenant_id, values, quotaSetFilter(r.version)) } };
    },
  },
  {
    method: 'GET',
    path: '/os-quota-sets/:tenant_id/detail',
    policy: 'os_compute_api:os-quota-sets:detail',
    target: project,
    query,
    summary: 'Quota limits with in_use and reserved',
    async handler(r) {
      const values = await detailQuotas(r.deps, r.params.tenant_id, userOf(r));
      return { body: { quota_set: quotaSetView(r.params.tenant_id, values, quotaSetFilter(r.version)) } };
    },
  },
  {
    method: 'GET',
    path: '/os-quota-sets/:tenant_id/defaults',
    policy: 'os_compute_api:os-quota-sets:defaults',
    target: project,
    summary: 'The default quotas (the default quota class over [quota])',
    async handler(r) {
      const values = await defaultQuotaSet(r.deps);
      return { body: { quota_set: quotaSetView(r.params.tenant_id, values, quotaSetFilter(r.version)) } };
    },
  },
  {
    method: 'PUT',
    path: '/os-quota-sets/:tenant_id',
    policy: 'os_compute_api:os-quota-sets:update',
    target: project,
    query,
    body: updateBody,
    summary: 'Set quota limits (force skips the usage check; 2.36/2.57 drop keys)',
    async handler(r) {
      const values = await updateQuotas(r.deps, r.params.tenant_id, userOf(r), r.body.quota_set);
      return { body: { quota_set: quotaSetView(null, values, quotaSetFilter(r.version)) } };
    },
  },
  {
    method: 'DELETE',
    path: '/os-quota-sets/:tenant_id',
    policy: 'os_compute_api:os-quota-sets:delete',
    target: project,
    query,
    status: 202,
    summary: 'Revert the limits of a project and its users (or of one user) to the defaults',
    async handler(r) {
      await deleteQuotas(r.deps, r.params.tenant_id, userOf(r));
      return {};
    },
  },
  {
    method: 'GET',
    path: '/os-quota-class-sets/:id',
    policy: 'os_compute_api:os-quota-class-sets:show',
    target: klass,
    summary: 'A quota class (server group keys from 2.50)',
    async handler(r) {
      const values = await classQuotaSet(r.deps, r.params.id);
      return {
        body: { quota_class_set: quotaSetView(r.params.id, values, quotaClassSetFilter(r.version)) },
      };
    },
  },
  {
    method: 'PUT',
    path: '/os-quota-class-sets/:id',
    policy: 'os_compute_api:os-quota-class-sets:update',
    target: klass,
    body: classBody,
    summary: 'Set limits of a quota class (`default` overrides [quota])',
    async handler(r) {
      const values = await updateClassQuotas(r.deps, r.params.id, r.body.quota_class_set);
      return { body: { quota_class_set: quotaSetView(null, values, quotaClassSetFilter(r.version)) } };
    },
  },
];
