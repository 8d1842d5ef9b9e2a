/**
 * The behaviour every Transport adapter must show (oslo.messaging's
 * semantics): each adapter's test file calls `describeTransportContract`
 * with a factory of connected transports, as Kysely runs one suite per dialect.
 */
import { InstanceNotFound, NoValidHost, NovaError, type RequestContext, type Transport } from '@novats/core';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** A broker (or bus) under test: every `connect()` reaches the same topics. */
export interface TransportHarness {
  /** A transport on the shared bus; brokers connect asynchronously. */
  connect(): Transport | Promise<Transport>;
  cleanup?(): Promise<void>;
}

const ctx: RequestContext = {
  request_id: 'req-contract',
  user_id: 'u1',
  project_id: 'p1',
  roles: ['member'],
  is_admin: false,
};

const never = () => new Promise<never>(() => {});

/** A NovaError with fields of its own, as services define them. */
class QuotaExceededForTest extends NovaError {
  readonly code = 'test.quota_exceeded';
  readonly status = 403 as const;
  constructor(
    readonly resource: string,
    readonly usage: { readonly used: number; readonly limit: number },
  ) {
    super(`Quota exceeded for ${resource}: ${usage.used}/${usage.limit}`);
  }
}

export function describeTransportContract(
  name: string,
  make: () => TransportHarness | Promise<TransportHarness>,
) {
  describe(`Transport contract: ${name}`, () => {
    let harness: TransportHarness;
    const opened: Transport[] = [];
    const connect = async () => {
      harness ??= await make();
      const transport = await harness.connect();
      opened.push(transport);
      return transport;
    };

    afterEach(async () => {
      for (const t of opened.splice(0)) await t.close();
      await harness?.cleanup?.();
      harness = undefined as unknown as TransportHarness;
    });

    it('call delivers method, context and args to a listener and resolves with its reply', async () => {
      const [client, server] = [await connect(), await connect()];
      await server.listen(
        { topic: 'compute', server: 'host1' },
        {
          add: (c, a: { x: number; y: number }) => ({
            sum: a.x + a.y,
            request_id: c.request_id,
          }),
        },
      );
      await expect(client.call(ctx, { topic: 'compute' }, 'add', { x: 2, y: 3 })).resolves.toEqual({
        sum: 5,
        request_id: 'req-contract',
      });
    });

    it('delivers asynchronously and deep-copies args and results', async () => {
      const [client, server] = [await connect(), await connect()];
      const shared = { list: [1] };
      let received: { list: number[] } | undefined;
      await server.listen(
        { topic: 'conductor', server: 'c1' },
        {
          take: (_c, a: { list: number[] }) => {
            received = a;
            a.list.push(2);
            return shared;
          },
        },
      );
      const pending = client.call<{ list: number[] }>(ctx, { topic: 'conductor' }, 'take', shared);
      expect(received).toBeUndefined();
      const reply = await pending;
      expect(received).not.toBe(shared);
      expect(shared.list).toEqual([1]);
      expect(reply).not.toBe(shared);
      expect(reply).toEqual({ list: [1] });
    });

    it('times out with MessagingTimeout when nobody listens or the reply is late', async () => {
      const [client, server] = [await connect(), await connect()];
      await expect(
        client.call(ctx, { topic: 'nobody' }, 'ping', {}, { timeoutMs: 30 }),
      ).rejects.toMatchObject({
        name: 'MessagingTimeout',
        code: 'nova.messaging_timeout',
        kind: 'nova-error',
      });
      await server.listen({ topic: 'slow', server: 's1' }, { ping: never });
      await expect(client.call(ctx, { topic: 'slow' }, 'ping', {}, { timeoutMs: 30 })).rejects.toMatchObject({
        name: 'MessagingTimeout',
      });
    });

    it('re-raises remote errors with their class name, code, status, message and fields', async () => {
      const [client, server] = [await connect(), await connect()];
      await server.listen(
        { topic: 'compute', server: 'host1' },
        {
          missing: () => {
            throw new InstanceNotFound('abc');
          },
          novalid: async () => {
            throw new NoValidHost('There are not enough hosts available.');
          },
          boom: () => {
            throw new TypeError('bad thing');
          },
        },
      );
      await expect(client.call(ctx, { topic: 'compute' }, 'missing', {})).rejects.toMatchObject({
        kind: 'nova-error',
        name: 'InstanceNotFound',
        code: 'compute.instance.not_found',
        status: 404,
        message: 'Instance abc could not be found.',
      });
      await expect(client.call(ctx, { topic: 'compute' }, 'novalid', {})).rejects.toMatchObject({
        name: 'NoValidHost',
        status: 500,
        reason: 'There are not enough hosts available.',
      });
      await expect(client.call(ctx, { topic: 'compute' }, 'boom', {})).rejects.toMatchObject({
        kind: 'nova-error',
        name: 'TypeError',
        status: 500,
        message: 'bad thing',
      });
      await expect(client.call(ctx, { topic: 'compute' }, 'no_such', {})).rejects.toMatchObject({
        message: 'Endpoint does not support RPC method no_such',
      });
    });

    // NOTE(brokers): with publisher confirms the broker may deliver before it confirms, so
    // the contract is that cast never waits for the handler, not that it beats it.
    it('cast resolves once queued without waiting for the handler; a cast to nobody is dropped', async () => {
      const [client, server] = [await connect(), await connect()];
      const seen: unknown[] = [];
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      await server.listen(
        { topic: 'compute', server: 'host1' },
        {
          build: async (_c, a) => {
            await gate;
            seen.push(a);
          },
        },
      );
      await client.cast(ctx, { topic: 'compute' }, 'build', { uuid: 'i1' });
      expect(seen).toEqual([]);
      release();
      await vi.waitFor(() => expect(seen).toEqual([{ uuid: 'i1' }]));
      await expect(client.cast(ctx, { topic: 'nobody' }, 'build', {})).resolves.toBeUndefined();
    });

    it('a cast to topic.server reaches only that server', async () => {
      const client = await connect();
      const seen: string[] = [];
      for (const host of ['host1', 'host2', 'host3']) {
        const t = await connect();
        await t.listen(
          { topic: 'compute', server: host },
          { build: (_c, a: { n: number }) => void seen.push(`${host}:${a.n}`) },
        );
      }
      for (const n of [1, 2, 3, 4])
        await client.cast(ctx, { topic: 'compute', server: 'host2' }, 'build', { n });
      await vi.waitFor(() => expect(seen).toHaveLength(4));
      await new Promise((r) => setTimeout(r, 30));
      expect(seen.sort()).toEqual(['host2:1', 'host2:2', 'host2:3', 'host2:4']);
    });

    it('competing servers of a topic share the casts: each gets some, none is lost or doubled', async () => {
      const client = await connect();
      const counts = new Map<string, number>();
      const hosts = ['c1', 'c2', 'c3'];
      for (const host of hosts) {
        const t = await connect();
        await t.listen(
          { topic: 'conductor', server: host },
          { work: () => void counts.set(host, (counts.get(host) ?? 0) + 1) },
        );
      }
      const sent = 30;
      await Promise.all(
        Array.from({ length: sent }, (_, i) => client.cast(ctx, { topic: 'conductor' }, 'work', { i })),
      );
      const total = () => [...counts.values()].reduce((a, b) => a + b, 0);
      await vi.waitFor(() => expect(total()).toBe(sent));
      await new Promise((r) => setTimeout(r, 30));
      expect(total()).toBe(sent);
      for (const host of hosts) expect(counts.get(host) ?? 0).toBeGreaterThan(0);
    });

    // NOTE(death): `stop` drains (waits for running handlers), so a dying server is its transport closing.
    it('a server that dies while handling a call leaves the caller with MessagingTimeout', async () => {
      const [client, server] = [await connect(), await connect()];
      let handling!: () => void;
      const started = new Promise<void>((resolve) => {
        handling = resolve;
      });
      const listener = await server.listen(
        { topic: 'compute', server: 'host1' },
        {
          hang: () => {
            handling();
            return never();
          },
        },
      );
      const pending = client.call(ctx, { topic: 'compute' }, 'hang', {}, { timeoutMs: 400 });
      await started;
      const stopping = listener.stop(); // never settles: its handler never returns
      await server.close();
      await expect(pending).rejects.toMatchObject({
        name: 'MessagingTimeout',
        code: 'nova.messaging_timeout',
      });
      void stopping;
    });

    it('a remote NovaError keeps its class name, code, status, message and own fields', async () => {
      const [client, server] = [await connect(), await connect()];
      await server.listen(
        { topic: 'conductor', server: 'c1' },
        {
          quota: () => {
            throw new QuotaExceededForTest('cores', { used: 20, limit: 20 });
          },
        },
      );
      const error = await client.call(ctx, { topic: 'conductor' }, 'quota', {}).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(Error);
      expect(error).toMatchObject({
        kind: 'nova-error',
        name: 'QuotaExceededForTest',
        code: 'test.quota_exceeded',
        status: 403,
        message: 'Quota exceeded for cores: 20/20',
        resource: 'cores',
        usage: { used: 20, limit: 20 },
      });
    });

    it('fanout cast reaches every server of the topic once', async () => {
      const client = await connect();
      const seen: string[] = [];
      for (const host of ['s1', 's2', 's3']) {
        const t = await connect();
        await t.listen(
          { topic: 'scheduler', server: host },
          { update: (_c, a: { v: number }) => void seen.push(`${host}:${a.v}`) },
        );
      }
      await client.cast(ctx, { topic: 'scheduler', fanout: true }, 'update', { v: 7 });
      await vi.waitFor(() => expect(seen.sort()).toEqual(['s1:7', 's2:7', 's3:7']));
      await new Promise((r) => setTimeout(r, 20));
      expect(seen).toHaveLength(3);
    });

    it('topic.server reaches only that server', async () => {
      const client = await connect();
      for (const host of ['host1', 'host2']) {
        const t = await connect();
        await t.listen({ topic: 'compute', server: host }, { who: () => host });
      }
      const answers = await Promise.all(
        [1, 2, 3, 4].map(() => client.call(ctx, { topic: 'compute', server: 'host2' }, 'who', {})),
      );
      expect(answers).toEqual(['host2', 'host2', 'host2', 'host2']);
    });

    it('shares a topic round-robin among competing servers', async () => {
      const client = await connect();
      for (const host of ['c1', 'c2']) {
        const t = await connect();
        await t.listen({ topic: 'conductor', server: host }, { who: () => host });
      }
      const answers: unknown[] = [];
      for (let i = 0; i < 4; i++) answers.push(await client.call(ctx, { topic: 'conductor' }, 'who', {}));
      expect(answers.filter((a) => a === 'c1')).toHaveLength(2);
      expect(answers.filter((a) => a === 'c2')).toHaveLength(2);
    });

    it('a stopped listener takes no more messages', async () => {
      const client = await connect();
      const t1 = await connect();
      const t2 = await connect();
      const l1 = await t1.listen({ topic: 'conductor', server: 'c1' }, { who: () => 'c1' });
      await t2.listen({ topic: 'conductor', server: 'c2' }, { who: () => 'c2' });
      await l1.stop();
      for (let i = 0; i < 3; i++)
        await expect(client.call(ctx, { topic: 'conductor' }, 'who', {})).resolves.toBe('c2');
    });

    it('close rejects pending calls and refuses new messages; closing twice is fine', async () => {
      const [client, server] = [await connect(), await connect()];
      await server.listen({ topic: 'compute', server: 'host1' }, { hang: never });
      const pending = client.call(ctx, { topic: 'compute' }, 'hang', {}, { timeoutMs: 10_000 });
      await new Promise((r) => setTimeout(r, 10));
      // NOTE(async close): the rejection is observed before close, which may await network I/O.
      const rejected = expect(pending).rejects.toMatchObject({ kind: 'nova-error' });
      await client.close();
      await rejected;
      await expect(client.call(ctx, { topic: 'compute' }, 'hang', {})).rejects.toThrow();
      await expect(client.cast(ctx, { topic: 'compute' }, 'hang', {})).rejects.toThrow();
      await expect(client.close()).resolves.toBeUndefined();
    });
  });
}
