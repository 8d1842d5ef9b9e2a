/**
 * Throwaway RabbitMQ virtual hosts on the machine's broker (127.0.0.1:5672,
 * guest/guest, `rabbitmqctl` as root), so that each test owns its exchanges
 * and queues. Under CI=true (and everywhere else) a missing broker fails the
 * test that asked for it; nothing is skipped.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const RABBIT_HOST = process.env.NOVATS_TEST_RABBIT_HOST ?? '127.0.0.1';
export const RABBIT_PORT = Number(process.env.NOVATS_TEST_RABBIT_PORT ?? 5672);

export interface RabbitVhost {
  readonly name: string;
  /** `rabbit://guest:guest@127.0.0.1:5672/<name>`. */
  readonly url: string;
  /** amqplib's URL of the same vhost, for tests that talk to the broker directly. */
  readonly amqpUrl: string;
}

export async function rabbitmqctl(args: string[], node?: string): Promise<string> {
  const full = node ? ['-n', node, ...args] : args;
  try {
    const { stdout } = await run('rabbitmqctl', full, { timeout: 30_000 });
    return stdout;
  } catch (err) {
    throw new Error(
      `rabbitmqctl ${full.join(' ')} failed (is RabbitMQ installed and running, and are tests run as root?): ${(err as Error).message}`,
    );
  }
}

function describe(name: string, port = RABBIT_PORT): RabbitVhost {
  return {
    name,
    url: `rabbit://guest:guest@${RABBIT_HOST}:${port}/${name}`,
    amqpUrl: `amqp://guest:guest@${RABBIT_HOST}:${port}/${name}`,
  };
}

const newName = (prefix: string) => `${prefix}_${randomBytes(5).toString('hex')}`;

/** A new vhost `novats_test_<random>` with full permissions for guest. */
export async function createRabbitVhost(
  prefix = 'novats_test',
  node?: string,
  port?: number,
): Promise<RabbitVhost> {
  const name = newName(prefix);
  await rabbitmqctl(['add_vhost', name], node);
  await rabbitmqctl(['set_permissions', '-p', name, 'guest', '.*', '.*', '.*'], node);
  return describe(name, port);
}

export async function deleteRabbitVhost(vhost: RabbitVhost, node?: string): Promise<void> {
  await rabbitmqctl(['delete_vhost', vhost.name], node);
}

const erlangList = (names: string[]) => `[${names.map((n) => `<<"${n}">>`).join(', ')}]`;

/**
 * `count` vhosts in one `rabbitmqctl eval` (one CLI start instead of two per
 * vhost: each start costs ~0.4 s), for suites that want a fresh vhost per test.
 */
export async function createRabbitVhosts(count: number, prefix = 'novats_test'): Promise<RabbitVhost[]> {
  const names = Array.from({ length: count }, () => newName(prefix));
  await rabbitmqctl([
    'eval',
    `[begin rabbit_vhost:add(V, <<"novats-tests">>), rabbit_auth_backend_internal:set_permissions(<<"guest">>, V, <<".*">>, <<".*">>, <<".*">>, <<"novats-tests">>) end || V <- ${erlangList(names)}], ok.`,
  ]);
  return names.map((name) => describe(name));
}

export async function deleteRabbitVhosts(vhosts: readonly RabbitVhost[]): Promise<void> {
  if (vhosts.length === 0) return;
  const names = vhosts.map((v) => v.name);
  await rabbitmqctl([
    'eval',
    `[rabbit_vhost:delete(V, <<"novats-tests">>) || V <- ${erlangList(names)}], ok.`,
  ]);
}
