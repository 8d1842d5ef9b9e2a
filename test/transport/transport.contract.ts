/**
 * The behaviour every Transport adapter must show (oslo.messaging's
 * semantics): each adapter's test file calls `describeTransportContract`
 * with a factory of connected transports, as Kysely runs one suite per dialect.
 */
import { InstanceNotFound, NoValidHost, type RequestContext, type Transport } from '@novats/core';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** A broker (or bus) under test: every `connect()` reaches the same topics. */
export interface TransportHarness {
  connect(): Transport;
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

export function describeTransportContract(
  name: string,
  make: () => TransportHarness | Promise<TransportHarness>,
) {
  describe(`Transport contract: ${name}`, () => {
    let harness: TransportHarness;
    const opened: Transport[] = [];
    const connect = async () => {
      harness ??= await make();
      const transport = harness.connect();
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

    it('cast resolves once queued, before the handler runs; a cast to nobody is dropped', async () => {
      const [client, server] = [await connect(), await connect()];
      const seen: unknown[] = [];
      await server.listen({ topic: 'compute', server: 'host1' }, { build: (_c, a) => void seen.push(a) });
      await client.cast(ctx, { topic: 'compute' }, 'build', { uuid: 'i1' });
      expect(seen).toEqual([]);
      await vi.waitFor(() => expect(seen).toEqual([{ uuid: 'i1' }]));
      await expect(client.cast(ctx, { topic: 'nobody' }, 'build', {})).resolves.toBeUndefined();
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
      await client.close();
      await expect(pending).rejects.toMatchObject({ kind: 'nova-error' });
      await expect(client.call(ctx, { topic: 'compute' }, 'hang', {})).rejects.toThrow();
      await expect(client.cast(ctx, { topic: 'compute' }, 'hang', {})).rejects.toThrow();
      await expect(client.close()).resolves.toBeUndefined();
    });
  });
}
