/**
 * What a consumer of a cloud's notification topics receives, and the
 * server steps the notification tests share (boot as admin, wait for a
 * status with no task running).
 */
import type { RpcListener, Transport } from '@novats/core';
import { NovaConfig, Tokens } from '@novats/core';
import type { AllInOneOptions } from '@novats/server';
import { expect } from 'vitest';
import { startTestCloud, type TestCloud, waitFor } from './cloud.js';

/** oslo.messaging's notification envelope (the payload is a nova_object for versioned ones). */
export interface NotificationEnvelope {
  message_id: string;
  publisher_id: string;
  event_type: string;
  priority: string;
  timestamp: string;
  payload: any;
}

export interface NotificationConsumers {
  /** What `versioned_notifications.info` received, in order. */
  readonly versioned: NotificationEnvelope[];
  /** What the legacy `notifications.info` topic received (`notification_format` unversioned/both). */
  readonly legacy: NotificationEnvelope[];
  stop(): Promise<void>;
}

/** Listens on both notification topics of `t`'s bus, as a notification consumer would. */
export async function consumeNotifications(t: TestCloud): Promise<NotificationConsumers> {
  const versioned: NotificationEnvelope[] = [];
  const legacy: NotificationEnvelope[] = [];
  const transport = t.cloud.scope.resolve<Transport>(Tokens.Transport);
  const listeners: RpcListener[] = [
    await transport.listen(
      { topic: 'versioned_notifications.info', server: 'test-consumer' },
      { notify: (_ctx, e: NotificationEnvelope) => void versioned.push(e) },
    ),
    await transport.listen(
      { topic: 'notifications.info', server: 'test-legacy-consumer' },
      { notify: (_ctx, e: NotificationEnvelope) => void legacy.push(e) },
    ),
  ];
  return {
    versioned,
    legacy,
    stop: async () => {
      for (const l of listeners) await l.stop();
    },
  };
}

/** Waits until server `id` shows `status` with no task running; returns the server. */
export async function settleServer(
  t: TestCloud,
  id: string,
  status: string,
  headers: Record<string, string>,
) {
  return waitFor(
    `server ${id} ${status}`,
    async () => {
      const s = (await t.compute('GET', `/servers/${id}`, undefined, 'admin:admin', headers)).body.server;
      return s?.status === status && s['OS-EXT-STS:task_state'] === null ? s : undefined;
    },
    15_000,
  );
}

/** Boots `image` with no network as admin, checks the 202 and waits for ACTIVE; returns the server. */
export async function bootActiveServer(
  t: TestCloud,
  name: string,
  image: string,
  headers: Record<string, string>,
): Promise<any> {
  const res = await t.compute(
    'POST',
    '/servers',
    { server: { name, imageRef: image, flavorRef: '1', networks: 'none' } },
    'admin:admin',
    headers,
  );
  expect(res.status).toBe(202);
  return settleServer(t, res.body.server.id as string, 'ACTIVE', headers);
}

export interface NotifiedCloud extends NotificationConsumers {
  readonly t: TestCloud;
}

/**
 * SQLite clouds configured by a nova.conf text, each with a consumer on its
 * notification topics; `stopAll()` (for afterAll) stops the consumers and
 * the clouds.
 */
export function notifiedClouds() {
  const started: NotifiedCloud[] = [];
  return {
    async start(conf: string, opts: Partial<AllInOneOptions> = {}): Promise<NotifiedCloud> {
      const t = await startTestCloud('sqlite', { config: NovaConfig.fromSources([conf]), ...opts });
      const cloud = { t, ...(await consumeNotifications(t)) };
      started.push(cloud);
      return cloud;
    },
    async stopAll(): Promise<void> {
      for (const c of started.splice(0)) {
        await c.stop();
        await c.t.stop();
      }
    },
  };
}

/**
 * The nova.conf text that turns notifications on: `format` is
 * `[notifications] notification_format`; `stateChange` its
 * `notify_on_state_change`; without `driver` nothing is sent.
 */
export function notificationsConf(
  format: 'versioned' | 'unversioned' | 'both',
  opts: { driver?: boolean; stateChange?: 'vm_state' | 'vm_and_task_state'; extra?: string } = {},
): string {
  const driver = opts.driver === false ? '' : '[oslo_messaging_notifications]\ndriver = messagingv2\n';
  const change = opts.stateChange ? `notify_on_state_change = ${opts.stateChange}\n` : '';
  return `${opts.extra ?? ''}${driver}[notifications]\nnotification_format = ${format}\n${change}`;
}
