/**
 * nova.conf options of notifications: oslo.messaging's
 * `[oslo_messaging_notifications]` (whether and where notifications go) and
 * Nova's `[notifications]` (which format; `nova/conf/notifications.py`).
 */
import { Opt } from './option-types.js';

export const NOTIFICATION_OPTION_GROUPS = {
  oslo_messaging_notifications: {
    driver: Opt.list(
      [],
      'The drivers handling the sending of notifications (messaging, messagingv2, routing, log, test, noop); none: nothing is sent.',
    ),
    transport_url: Opt.str(
      null,
      'A URL for the notification bus; the RPC transport ([DEFAULT] transport_url) when unset.',
    ),
    topics: Opt.list(['notifications'], 'AMQP topics used for OpenStack (unversioned) notifications.'),
  },
  notifications: {
    notify_on_state_change: Opt.str(
      null,
      'If set, send instance.update notifications on instance state changes (vm_state: vm_state transitions; vm_and_task_state: task_state transitions too).',
      { choices: ['vm_state', 'vm_and_task_state'], deprecatedNames: [{ group: 'DEFAULT' }] },
    ),
    notification_format: Opt.str('unversioned', 'Which format of notifications Nova emits.', {
      choices: ['both', 'versioned', 'unversioned'],
    }),
    versioned_notifications_topics: Opt.list(
      ['versioned_notifications'],
      'The topics on which versioned notifications are sent.',
    ),
    default_level: Opt.str('INFO', 'Default notification level for outgoing notifications.', {
      choices: ['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL'],
    }),
  },
};
