/**
 * Nova's SchedulerReportClient as core's PlacementClient port, over any
 * PlacementRequester: microversion 1.36 (what Nova's scheduler uses for
 * candidates and claims). Claims retry provider generation races up to 4
 * times with a small random backoff and give up (false) on capacity
 * failures and consumer generation conflicts; inventory, trait and
 * aggregate writes re-read the generation and retry on conflicts. The same
 * logic runs whether Placement answers over HTTP or in this process.
 */
import {
  type AllocationCandidates,
  type AllocationCandidatesQuery,
  type AllocationRequest,
  type ConsumerAllocations,
  type Inventory,
  type PlacementClient,
  PlacementError,
  PlacementErrorCode,
  type RequestContext,
  type ResourceProvider,
} from '@novats/core';
import type { PlacementRequester, PlacementReply as Reply } from './placement-requester.js';

export interface PlacementClientTuning {
  /** Microversion for every request (default 1.36). */
  readonly microversion?: string;
  /** Provider generation retries of a claim (Nova: 4). */
  readonly claimRetries?: number;
  /** Generation retries of inventory and trait writes (default 5). */
  readonly writeRetries?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class PlacementReportClient implements PlacementClient {
  readonly #requester: PlacementRequester;
  readonly #opts: Required<PlacementClientTuning>;

  constructor(requester: PlacementRequester, tuning: PlacementClientTuning = {}) {
    this.#requester = requester;
    this.#opts = {
      microversion: tuning.microversion ?? '1.36',
      claimRetries: tuning.claimRetries ?? 4,
      writeRetries: tuning.writeRetries ?? 5,
    };
  }

  #request(
    ctx: RequestContext,
    method: 'GET' | 'PUT' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<Reply> {
    return this.#requester.request({ ctx, method, path, body, microversion: this.#opts.microversion });
  }

  /** Turns an unexpected reply into a PlacementError with Placement's code and detail. */
  #fail(reply: Reply, what: string): PlacementError {
    const err = reply.body?.errors?.[0];
    return new PlacementError(
      (reply.status as 400) ?? 500,
      `${what} failed: ${err?.detail ?? `HTTP ${reply.status}`}`.trim(),
      err?.code ?? PlacementErrorCode.DEFAULT,
    );
  }

  async getAllocationCandidates(
    ctx: RequestContext,
    q: AllocationCandidatesQuery,
  ): Promise<AllocationCandidates> {
    const params = new URLSearchParams();
    params.set(
      'resources',
      Object.entries(q.resources)
        .map(([rc, n]) => `${rc}:${n}`)
        .join(','),
    );
    if (q.required?.length) params.set('required', q.required.join(','));
    for (const anyOf of q.member_of ?? []) params.append('member_of', `in:${anyOf.join(',')}`);
    if (q.forbidden_aggregates?.length) params.append('member_of', `!in:${q.forbidden_aggregates.join(',')}`);
    if (q.root_required?.length) params.set('root_required', q.root_required.join(','));
    if (q.in_tree) params.set('in_tree', q.in_tree);
    if (q.limit !== undefined) params.set('limit', String(q.limit));
    const reply = await this.#request(ctx, 'GET', `/allocation_candidates?${params}`);
    if (reply.status !== 200) throw this.#fail(reply, 'GET /allocation_candidates');
    return reply.body as AllocationCandidates;
  }

  async claimResources(
    ctx: RequestContext,
    consumerUuid: string,
    request: AllocationRequest,
    owner: { project_id: string; user_id: string },
    consumerGeneration: number | null,
  ): Promise<boolean> {
    const body: Record<string, unknown> = {
      allocations: request.allocations,
      project_id: owner.project_id,
      user_id: owner.user_id,
      consumer_generation: consumerGeneration,
    };
    if (request.mappings && Number(this.#opts.microversion.split('.')[1]) >= 34)
      body.mappings = request.mappings;
    for (let attempt = 0; ; attempt++) {
      const reply = await this.#request(ctx, 'PUT', `/allocations/${consumerUuid}`, body);
      if (reply.status === 204) return true;
      if (reply.status !== 409) throw this.#fail(reply, `PUT /allocations/${consumerUuid}`);
      const err = reply.body?.errors?.[0];
      const providerRace =
        err?.code === PlacementErrorCode.CONCURRENT_UPDATE &&
        !String(err?.detail).includes('consumer generation conflict');
      if (!providerRace || attempt >= this.#opts.claimRetries) return false;
      await sleep(Math.random() * 20 + 5);
    }
  }

  async getAllocations(ctx: RequestContext, consumerUuid: string): Promise<ConsumerAllocations> {
    const reply = await this.#request(ctx, 'GET', `/allocations/${consumerUuid}`);
    if (reply.status !== 200) throw this.#fail(reply, `GET /allocations/${consumerUuid}`);
    const b = reply.body;
    return {
      allocations: b.allocations ?? {},
      consumer_generation: b.consumer_generation ?? null,
      ...(b.project_id ? { project_id: b.project_id } : {}),
      ...(b.user_id ? { user_id: b.user_id } : {}),
    };
  }

  async moveAllocations(ctx: RequestContext, source: string, target: string): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      const [from, to] = await Promise.all([
        this.getAllocations(ctx, source),
        this.getAllocations(ctx, target),
      ]);
      if (Object.keys(from.allocations).length === 0) return false;
      const owner = { project_id: from.project_id, user_id: from.user_id };
      const resources = Object.fromEntries(
        Object.entries(from.allocations).map(([rp, a]) => [rp, { resources: a.resources }]),
      );
      const reply = await this.#request(ctx, 'POST', '/allocations', {
        [source]: { allocations: {}, consumer_generation: from.consumer_generation, ...owner },
        [target]: { allocations: resources, consumer_generation: to.consumer_generation, ...owner },
      });
      if (reply.status === 204) return true;
      if (reply.status !== 409 || attempt >= this.#opts.claimRetries) {
        throw this.#fail(reply, 'POST /allocations');
      }
    }
  }

  async deleteAllocations(ctx: RequestContext, consumerUuid: string): Promise<void> {
    const reply = await this.#request(ctx, 'DELETE', `/allocations/${consumerUuid}`);
    if (reply.status !== 204 && reply.status !== 404)
      throw this.#fail(reply, `DELETE /allocations/${consumerUuid}`);
  }

  async ensureResourceProvider(
    ctx: RequestContext,
    uuid: string,
    name: string,
    parentUuid?: string | null,
  ): Promise<ResourceProvider> {
    for (let attempt = 0; ; attempt++) {
      const got = await this.#request(ctx, 'GET', `/resource_providers/${uuid}`);
      if (got.status === 200) return toProvider(got.body);
      if (got.status !== 404) throw this.#fail(got, `GET /resource_providers/${uuid}`);
      const body: Record<string, unknown> = { uuid, name };
      if (parentUuid) body.parent_provider_uuid = parentUuid;
      const created = await this.#request(ctx, 'POST', '/resource_providers', body);
      if (created.status === 200) return toProvider(created.body);
      if (created.status === 201) continue;
      // Someone else created it meanwhile: read it once more.
      if (created.status === 409 && attempt < 1) continue;
      throw this.#fail(created, 'POST /resource_providers');
    }
  }

  async setInventory(
    ctx: RequestContext,
    providerUuid: string,
    inventories: Readonly<Record<string, Inventory>>,
  ): Promise<void> {
    const path = `/resource_providers/${providerUuid}/inventories`;
    await this.#writeWithGeneration(ctx, path, (current) =>
      sameJson(current.inventories, inventories) ? undefined : { inventories },
    );
  }

  async setTraits(ctx: RequestContext, providerUuid: string, traits: readonly string[]): Promise<void> {
    const path = `/resource_providers/${providerUuid}/traits`;
    const wanted = [...new Set(traits)].sort();
    await this.#writeWithGeneration(ctx, path, (current) =>
      sameJson([...current.traits].sort(), wanted) ? undefined : { traits: wanted },
    );
  }

  async getProviderTraits(ctx: RequestContext, providerUuid: string): Promise<string[]> {
    const path = `/resource_providers/${providerUuid}/traits`;
    const reply = await this.#request(ctx, 'GET', path);
    if (reply.status !== 200) throw this.#fail(reply, `GET ${path}`);
    return [...(reply.body.traits as string[])];
  }

  async getProviderAggregates(ctx: RequestContext, providerUuid: string): Promise<string[]> {
    const path = `/resource_providers/${providerUuid}/aggregates`;
    const reply = await this.#request(ctx, 'GET', path);
    if (reply.status !== 200) throw this.#fail(reply, `GET ${path}`);
    return [...(reply.body.aggregates as string[])];
  }

  async setProviderAggregates(
    ctx: RequestContext,
    providerUuid: string,
    aggregates: readonly string[] | ((current: readonly string[]) => readonly string[]),
  ): Promise<void> {
    const path = `/resource_providers/${providerUuid}/aggregates`;
    await this.#writeWithGeneration(ctx, path, (current) => {
      const have = [...new Set(current.aggregates as string[])].sort();
      const next = typeof aggregates === 'function' ? aggregates(have) : aggregates;
      const wanted = [...new Set(next)].sort();
      return sameJson(have, wanted) ? undefined : { aggregates: wanted };
    });
  }

  /** GET for the generation, PUT unless unchanged, retry on a generation conflict. */
  async #writeWithGeneration(
    ctx: RequestContext,
    path: string,
    change: (current: any) => object | undefined,
  ): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.#request(ctx, 'GET', path);
      if (current.status !== 200) throw this.#fail(current, `GET ${path}`);
      const body = change(current.body);
      if (!body) return;
      const reply = await this.#request(ctx, 'PUT', path, {
        ...body,
        resource_provider_generation: current.body.resource_provider_generation,
      });
      if (reply.status === 200) return;
      const code = reply.body?.errors?.[0]?.code;
      if (
        reply.status !== 409 ||
        code !== PlacementErrorCode.CONCURRENT_UPDATE ||
        attempt >= this.#opts.writeRetries
      ) {
        throw this.#fail(reply, `PUT ${path}`);
      }
      await sleep(Math.random() * 10);
    }
  }

  async deleteResourceProvider(ctx: RequestContext, uuid: string): Promise<void> {
    const reply = await this.#request(ctx, 'DELETE', `/resource_providers/${uuid}`);
    if (reply.status !== 204 && reply.status !== 404)
      throw this.#fail(reply, `DELETE /resource_providers/${uuid}`);
  }

  /** Releases the requester (an HTTP client's keep-alive connections). */
  close(): Promise<void> {
    return this.#requester.close();
  }
}

function toProvider(b: any): ResourceProvider {
  return {
    uuid: b.uuid,
    name: b.name,
    generation: b.generation,
    parent_provider_uuid: b.parent_provider_uuid ?? null,
    root_provider_uuid: b.root_provider_uuid ?? b.uuid,
  };
}

function sameJson(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as object)
            .sort(([x], [y]) => x.localeCompare(y))
            .map(([k, w]) => [k, norm(w)]),
        )
      : v;
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}
