/**
 * oslo.messaging's messaging/messagingv2 notification driver over the
 * Transport port: the payload goes in oslo's notification envelope as a
 * cast to `<topic>.<priority>` (e.g. `versioned_notifications.info`), which
 * a consumer (ceilometer, a test) takes with a listener on that topic. The
 * cast's method is `notify`; its argument is the envelope.
 */
import { randomUUID } from 'node:crypto';
import type {
  Clock,
  NotificationPriority,
  Notifier,
  NovaConfig,
  RequestContext,
  Transport,
} from '@novats/core';
import { NOOP_NOTIFIER } from '@novats/core';

/** The method name a notification cast carries; listeners register a handler under it. */
export const NOTIFY_METHOD = 'notify';

/** oslo.messaging's notification message. */
export interface NotificationEnvelope {
  readonly message_id: string;
  readonly publisher_id: string;
  readonly event_type: string;
  readonly priority: NotificationPriority;
  readonly payload: unknown;
  /** oslo's `str(utcnow())`: `YYYY-MM-DD HH:MM:SS.ffffff`. */
  readonly timestamp: string;
}

function osloTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000`;
}

export class TransportNotifier implements Notifier {
  constructor(
    private readonly transport: Transport,
    private readonly topics: readonly string[],
    private readonly clock: Clock,
  ) {}

  async notify(
    ctx: RequestContext,
    publisherId: string,
    eventType: string,
    priority: NotificationPriority,
    payload: unknown,
  ): Promise<void> {
    const envelope: NotificationEnvelope = {
      message_id: randomUUID(),
      publisher_id: publisherId,
      event_type: eventType,
      priority,
      payload,
      timestamp: osloTimestamp(this.clock.now()),
    };
    for (const topic of this.topics) {
      await this.transport.cast(
        ctx,
        { topic: `${topic}.${priority.toLowerCase()}` },
        NOTIFY_METHOD,
        envelope,
      );
    }
  }
}

/** Drivers that put notifications on the bus; `log`, `test`, `routing` are not offered and send nothing. */
const BUS_DRIVERS = new Set(['messaging', 'messagingv2']);

/**
 * A notifier of one `format` as nova.conf selects it: on the bus only when
 * `[oslo_messaging_notifications] driver` names a messaging driver and
 * `[notifications] notification_format` is that format or `both`, sending
 * on `topics`; otherwise none.
 */
function busNotifier(
  conf: NovaConfig,
  transport: Transport,
  clock: Clock,
  format: 'versioned' | 'unversioned',
  topics: readonly string[],
): Notifier {
  const drivers = conf.get('oslo_messaging_notifications', 'driver') as readonly string[];
  const selected = conf.get('notifications', 'notification_format');
  if (!drivers.some((d) => BUS_DRIVERS.has(d)) || (selected !== format && selected !== 'both')) {
    return NOOP_NOTIFIER;
  }
  return new TransportNotifier(transport, topics, clock);
}

/** Nova's versioned notifier, on `[notifications] versioned_notifications_topics`. */
export function versionedNotifier(conf: NovaConfig, transport: Transport, clock: Clock): Notifier {
  const topics = conf.get('notifications', 'versioned_notifications_topics') as readonly string[];
  return busNotifier(conf, transport, clock, 'versioned', topics);
}

/**
 * Nova's legacy (unversioned) notifier (`unversioned` is Zed's default
 * format), on `[oslo_messaging_notifications] topics` (`notifications`).
 */
export function legacyNotifier(conf: NovaConfig, transport: Transport, clock: Clock): Notifier {
  const topics = conf.get('oslo_messaging_notifications', 'topics') as readonly string[];
  return busNotifier(conf, transport, clock, 'unversioned', topics);
}
