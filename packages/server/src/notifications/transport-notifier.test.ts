import type { RequestContext, Target, Transport } from '@novats/core';
import { adminContext, NOOP_NOTIFIER, NovaConfig } from '@novats/core';
import { describe, expect, it } from 'vitest';
import { NOTIFY_METHOD, TransportNotifier, versionedNotifier } from './transport-notifier.js';

/** A transport that records its casts. */
function recordingTransport() {
  const casts: { target: Target; method: string; args: any }[] = [];
  const transport = {
    cast: async (_ctx: RequestContext, target: Target, method: string, args: unknown) => {
      casts.push({ target, method, args });
    },
  } as unknown as Transport;
  return { transport, casts };
}

const clock = { now: () => Date.parse('2026-11-30T10:00:01.234Z') } as never;
const conf = (text: string) => NovaConfig.fromSources([text]);
const ctx = adminContext('req-n');

describe('versionedNotifier', () => {
  it.each([
    ['no driver', '[notifications]\nnotification_format = versioned\n'],
    ['noop', '[oslo_messaging_notifications]\ndriver = noop\n[notifications]\nnotification_format = both\n'],
    [
      'log',
      '[oslo_messaging_notifications]\ndriver = log\n[notifications]\nnotification_format = versioned\n',
    ],
    ['unversioned format', '[oslo_messaging_notifications]\ndriver = messagingv2\n'],
  ])('is the no-op notifier with %s', (_what, text) => {
    expect(versionedNotifier(conf(text), recordingTransport().transport, clock)).toBe(NOOP_NOTIFIER);
  });

  it.each([
    'versioned',
    'both',
  ])('casts on <topic>.<priority> of each topic with format %s', async (format) => {
    const { transport, casts } = recordingTransport();
    const notifier = versionedNotifier(
      conf(
        `[oslo_messaging_notifications]\ndriver = messaging\n[notifications]\nnotification_format = ${format}\nversioned_notifications_topics = versioned_notifications,audit\n`,
      ),
      transport,
      clock,
    );
    expect(notifier).toBeInstanceOf(TransportNotifier);
    await notifier.notify(ctx, 'nova-compute:h1', 'instance.pause.error', 'ERROR', { x: 1 });
    expect(casts.map((c) => c.target.topic)).toEqual(['versioned_notifications.error', 'audit.error']);
    expect(casts[0].method).toBe(NOTIFY_METHOD);
    expect(casts[0].args).toMatchObject({
      publisher_id: 'nova-compute:h1',
      event_type: 'instance.pause.error',
      priority: 'ERROR',
      payload: { x: 1 },
      timestamp: '2026-11-30 10:00:01.234000',
    });
    // NOTE(oslo): one message is built and sent to each topic, with one message_id.
    expect(casts[1].args).toEqual(casts[0].args);
    expect(casts[0].args.message_id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
