/**
 * nova.conf's `[oslo_messaging_zmq]` group reaches the ZeroMQ transport a
 * service's composition root opens: a stand-in proxy (a bare ROUTER) reads
 * the heartbeat interval each PING announces, and a real proxy's directory
 * shows the `rpc_zmq_host` a listener advertises.
 */
import { NovaConfig, Tokens, type Transport } from '@novats/core';
import { zmqFrames } from '@novats/drivers/zeromq';
import { DeploymentScope } from '@novats/server';
import { afterEach, expect, it } from 'vitest';
import { Dealer, Router } from 'zeromq';
import { freePort, startZmqProxy } from '../support/zmq-proxy.js';

const { Cmd, header, commandOf, argOf } = zmqFrames;

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** Answers PINGs like a proxy and records the interval each one announces. */
async function standInProxy(): Promise<{ url: string; announced: number[] }> {
  const port = await freePort();
  const router = new Router({ linger: 0 });
  await router.bind(`tcp://127.0.0.1:${port}`);
  const announced: number[] = [];
  const loop = (async () => {
    for await (const [identity, head] of router) {
      if (commandOf(head) !== Cmd.PING) continue;
      announced.push(argOf(head));
      await router.send([identity, header(Cmd.PONG, 0, 1)]);
    }
  })().catch(() => {});
  closers.push(async () => {
    router.close();
    await loop;
  });
  return { url: `zmq://127.0.0.1:${port}`, announced };
}

async function openFromConf(text: string) {
  const scope = DeploymentScope.fromConfig(NovaConfig.fromSources([text]));
  closers.push(() => scope.close());
  await scope.provide(Tokens.Transport);
  return scope.resolve<Transport>(Tokens.Transport);
}

it('passes [oslo_messaging_zmq] heartbeat_interval from nova.conf to the transport', async () => {
  const proxy = await standInProxy();
  await openFromConf(
    `[DEFAULT]\ntransport_url = ${proxy.url}\n\n[oslo_messaging_zmq]\nheartbeat_interval = 0.05\n`,
  );
  expect(proxy.announced[0]).toBe(50);
});

it('heartbeats every second when nova.conf says nothing', async () => {
  const proxy = await standInProxy();
  await openFromConf(`[DEFAULT]\ntransport_url = ${proxy.url}\n`);
  expect(proxy.announced[0]).toBe(1_000);
});

it('advertises [oslo_messaging_zmq] rpc_zmq_host as the host of its direct-call socket', async () => {
  const proxy = await startZmqProxy();
  closers.push(() => proxy.stop());
  const transport = await openFromConf(
    `[DEFAULT]\ntransport_url = ${proxy.url}\n\n[oslo_messaging_zmq]\nrpc_zmq_host = compute7.example.org\n`,
  );
  await transport.listen({ topic: 'compute', server: 'compute7' }, { ping: () => 'pong' });
  const ask = new Dealer({ linger: 0 });
  closers.push(() => ask.close());
  ask.connect(proxy.url.replace('zmq://', 'tcp://'));
  await ask.send([header(Cmd.RESOLVE, 1), 'compute', 'compute7']);
  const [, , , list] = await ask.receive();
  const [[endpoint]] = JSON.parse(list.toString()) as [string, number][];
  expect(endpoint).toMatch(/^tcp:\/\/compute7\.example\.org:\d+$/);
});
