/**
 * The RabbitMQ transport across a broker restart, on a private RabbitMQ node
 * (test/support/rabbit-node.ts) so that the machine's broker keeps running:
 * confirmed casts survive, listeners and callers reconnect by themselves, and
 * a call caught by the restart ends (reply or MessagingTimeout), never hangs.
 */
import type { Logger, RequestContext, Transport } from '@novats/core';
import { openTransport } from '@novats/drivers';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { RabbitNode } from '../support/rabbit-node.js';

const ctx: RequestContext = {
  request_id: 'req-restart',
  user_id: 'u',
  project_id: 'p',
  roles: [],
  is_admin: false,
};

let node: RabbitNode;
const opened: Transport[] = [];

beforeAll(async () => {
  node = await RabbitNode.start();
}, 60_000);

afterAll(async () => {
  for (const t of opened) await t.close();
  await node?.destroy();
}, 30_000);

function recordingLogger(lines: string[]): Logger {
  const record = (level: string) => (msg: string) => void lines.push(`${level}: ${msg}`);
  return { debug: record('debug'), info: record('info'), warning: record('warning'), error: record('error') };
}

it('keeps confirmed casts, resumes listeners and calls, and ends pending calls across a broker restart', async () => {
  const logs: string[] = [];
  // NOTE(speed): short reconnect backoff so the test follows the broker closely.
  const rabbit = { rabbit_retry_interval: 0.2, rabbit_retry_backoff: 0.2, rabbit_interval_max: 1 };
  const open = async () => {
    const t = await openTransport(node.url, { rabbit, defaultTimeoutMs: 10_000, log: recordingLogger(logs) });
    opened.push(t);
    return t;
  };
  const [client, server, parking] = [await open(), await open(), await open()];

  const built: number[] = [];
  await server.listen(
    { topic: 'compute', server: 'host1' },
    {
      ping: () => 'pong',
      build: (_c, a: { n: number }) => void built.push(a.n),
      slow: async () => {
        await new Promise((r) => setTimeout(r, 300));
        return 'late';
      },
    },
  );
  await expect(client.call(ctx, { topic: 'compute' }, 'ping', {})).resolves.toBe('pong');

  // Declares the durable `conductor` queue, then leaves it without consumer, so casts wait in it.
  await (await parking.listen({ topic: 'conductor', server: 'c1' }, {})).stop();
  for (const n of [1, 2, 3]) await client.cast(ctx, { topic: 'conductor' }, 'work', { n });

  const pending = client.call(ctx, { topic: 'compute' }, 'slow', {}, { timeoutMs: 12_000 }).then(
    (reply) => ({ reply }),
    (error: unknown) => ({ error }),
  );
  await node.restart();

  // Callers and the listener reconnect without being re-created.
  await vi.waitFor(
    () =>
      expect(client.call(ctx, { topic: 'compute' }, 'ping', {}, { timeoutMs: 500 })).resolves.toBe('pong'),
    {
      timeout: 15_000,
      interval: 100,
    },
  );
  await client.cast(ctx, { topic: 'compute' }, 'build', { n: 42 });
  await vi.waitFor(() => expect(built).toContain(42), { timeout: 5_000 });

  // The casts the broker confirmed before the restart are still there.
  const worked: number[] = [];
  await server.listen(
    { topic: 'conductor', server: 'c2' },
    { work: (_c, a: { n: number }) => void worked.push(a.n) },
  );
  await vi.waitFor(() => expect(worked.sort()).toEqual([1, 2, 3]), { timeout: 5_000 });

  const outcome = (await pending) as { reply?: unknown; error?: { name?: string } };
  if ('error' in outcome) expect(outcome.error).toMatchObject({ name: 'MessagingTimeout' });
  else expect(outcome.reply).toBe('late');

  expect(logs.some((l) => l.startsWith('warning: Lost the AMQP connection'))).toBe(true);
  expect(logs.some((l) => l.startsWith('info: Reconnected to the AMQP broker'))).toBe(true);
}, 60_000);
