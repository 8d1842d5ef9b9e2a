/**
 * The install guide's deployment over RabbitMQ on MariaDB, in a vhost of the
 * test's own on the machine's broker.
 */
import { createRabbitVhost, deleteRabbitVhost, type RabbitVhost } from '../support/rabbitmq.js';
import { describeInstallGuideDeployment } from './install-guide-suite.js';

let vhost: RabbitVhost | undefined;

describeInstallGuideDeployment('RabbitMQ (MariaDB)', {
  dialect: 'mysql',
  async start() {
    vhost = await createRabbitVhost('novats_deploy');
    return vhost.url;
  },
  async stop() {
    if (vhost) await deleteRabbitVhost(vhost).catch(() => {});
    return undefined; // the machine's broker is not ours to stop
  },
});
