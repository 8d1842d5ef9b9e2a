/**
 * Where Nova's notifications go (oslo.messaging's `Notifier`): an adapter
 * wraps the payload in oslo's envelope and sends it on
 * `<topic>.<priority>` of the notification bus, or drops it (`noop`).
 */
import type { RequestContext } from '../context/request-context.js';

/** oslo.messaging's notification priorities, in the case they travel in. */
export type NotificationPriority = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'CRITICAL' | 'SAMPLE' | 'AUDIT';

export interface Notifier {
  /** Sends one notification; resolves once the bus accepted it. Never rejects for a missing listener. */
  notify(
    ctx: RequestContext,
    publisherId: string,
    eventType: string,
    priority: NotificationPriority,
    payload: unknown,
  ): Promise<void>;
}

/** The notifier of a deployment without `[oslo_messaging_notifications] driver` (or `noop`). */
export const NOOP_NOTIFIER: Notifier = Object.freeze({ notify: () => Promise.resolve() });
