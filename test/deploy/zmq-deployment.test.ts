/**
 * The install guide's deployment over ZeroMQ on PostgreSQL, through a
 * `novats zmq-proxy` of the test's own.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { buildCommands } from '../support/deployment.js';
import { freePort, type SpawnedZmqProxy, spawnZmqProxy } from '../support/zmq-proxy.js';
import { describeInstallGuideDeployment } from './install-guide-suite.js';

let dir: string | undefined;
let proxy: SpawnedZmqProxy | undefined;

describeInstallGuideDeployment('ZeroMQ (PostgreSQL)', {
  dialect: 'postgresql',
  async start() {
    buildCommands();
    dir = mkdtempSync(join(tmpdir(), 'novats-zmq-deploy-'));
    const url = `zmq://127.0.0.1:${await freePort()}`;
    const conf = join(dir, 'zmq-proxy.conf');
    writeFileSync(conf, `[DEFAULT]\ntransport_url = ${url}\n`);
    proxy = await spawnZmqProxy(conf);
    return url;
  },
  async stop() {
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (!proxy) return undefined;
    proxy.child.kill('SIGTERM');
    return proxy.exited;
  },
  afterConductorKilled() {
    // The proxy saw conductor1 go silent and handed what it held to conductor2.
    expect(proxy?.output()).toMatch(/re-routing [1-9]\d* unacknowledged/);
  },
});
