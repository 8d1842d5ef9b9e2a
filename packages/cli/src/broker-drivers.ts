/**
 * The message-broker clients the CLI ships. @novats/drivers leaves each
 * broker's client library to the program that uses it (optional peers, so
 * that embedding the scheduler installs nothing native). The CLI is that
 * program for operators: it depends on amqplib and zeromq and hands them to
 * the drivers here, so that `npm i -g @novats/cli` runs any transport_url and
 * a process loads a library only when its transport_url names that broker.
 * (`novats zmq-proxy` hands zeromq to the proxy the same way.)
 */
import { registerTransportDriver } from '@novats/drivers';

export function registerBrokerDrivers(): void {
  registerTransportDriver('rabbit', async (url, opts) => {
    const [{ rabbitTransportDriver }, amqplib] = await Promise.all([
      import('@novats/drivers/amqp'),
      import('amqplib'),
    ]);
    return rabbitTransportDriver(amqplib)(url, opts);
  });
  registerTransportDriver('zmq', async (url, opts) => {
    const [{ openZmqTransport }, zeromq] = await Promise.all([
      import('@novats/drivers/zeromq'),
      import('zeromq'),
    ]);
    return openZmqTransport(url, opts, zeromq);
  });
}
