/**
 * @novats/sdk against `novats up` (the built CLI, one process, noauth2):
 * the typed server actions, flavors, key pairs and aggregates, paging
 * iterators, waitFor with progress, typed errors carrying Nova's fault,
 * answers matching core's view schemas, and requests refused before they
 * are sent, naming the bad field.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AGGREGATE_VIEW_V2_1,
  CONSOLE_OUTPUT_RESULT,
  FLAVOR_VIEW_V2_1,
  KEYPAIR_VIEW_V2_1,
  SERVER_VIEW_V2_1,
} from '@novats/core';
import {
  ComputeClient,
  Conflict,
  createClient,
  NotFound,
  RequestValidationError,
  type ServerActionBodies,
  ServerFailed,
  schemaMismatch,
  TokenSession,
} from '@novats/sdk';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { type NovatsUp, startNovatsUp } from '../support/novats-up.js';

let up: NovatsUp;
let compute: ComputeClient<'2.1'>;
let imageRef: string;
const stateDir = mkdtempSync(join(tmpdir(), 'novats-sdk-up-'));
const fast = { intervalMs: 20, timeoutMs: 60_000 };

beforeAll(async () => {
  up = await startNovatsUp(['--hosts', '2', '--state-dir', stateDir], 60_000);
  const client = createClient({
    token: 'admin:admin',
    endpoints: { compute: up.compute, placement: up.placement, image: up.image },
  });
  compute = client.compute;
  for await (const image of client.image.images()) imageRef ??= image.id;
}, 90_000);
afterAll(async () => {
  const code = await up?.stop();
  rmSync(stateDir, { recursive: true, force: true });
  expect(code).toBe(0);
});

/** A client whose compute endpoint is a closed port: a request that were sent would fail with a network error. */
const unsent = <V extends string>(v: V) =>
  new ComputeClient(new TokenSession('admin:admin', { compute: 'http://127.0.0.1:9/v2.1' }), v);

async function refused(p: Promise<unknown>): Promise<RequestValidationError> {
  const err: unknown = await p.catch((e) => e);
  expect(err, String(err)).toBeInstanceOf(RequestValidationError);
  return err as RequestValidationError;
}

describe('server actions', () => {
  it('drive a server through its states, with progress callbacks and typed answers', async () => {
    const created = await compute.createServer({ name: 'sdk-life', flavorRef: '1', imageRef });
    const seen: string[] = [];
    const active = await compute.waitFor(created, 'ACTIVE', { ...fast, onProgress: (s) => seen.push(s) });
    expect(seen[0]).toBe('BUILD');
    expect(schemaMismatch(SERVER_VIEW_V2_1, active)).toBeNull();

    await compute.stop(created);
    await compute.waitFor(created, 'SHUTOFF', fast);
    await compute.start(created);
    await compute.waitFor(created, 'ACTIVE', fast);
    await compute.reboot(created, 'HARD');
    await compute.waitFor(created, 'ACTIVE', fast);
    await compute.pause(created);
    await compute.waitFor(created, 'PAUSED', fast);
    await compute.unpause(created);
    await compute.waitFor(created, 'ACTIVE', fast);
    await compute.suspend(created);
    await compute.waitFor(created, 'SUSPENDED', fast);
    await compute.resume(created);
    await compute.waitFor(created, 'ACTIVE', fast);

    const rescued = await compute.rescue(created, { adminPass: 'rescue-me' });
    expect(rescued).toEqual({ adminPass: 'rescue-me' });
    await compute.waitFor(created, 'RESCUE', fast);
    await compute.unrescue(created);
    await compute.waitFor(created, 'ACTIVE', fast);

    const output = await compute.consoleOutput(created, 5);
    expectTypeOf(output).toEqualTypeOf<string>();
    expect(schemaMismatch(CONSOLE_OUTPUT_RESULT, { output })).toBeNull();

    await compute.resize(created, '2');
    const resized = await compute.waitFor(created, 'VERIFY_RESIZE', fast);
    expect(resized.flavor).toMatchObject({ id: '2' });
    await compute.confirmResize(created);
    await compute.waitFor(created, 'ACTIVE', fast);

    await compute.shelve(created);
    await compute.waitFor(created, 'SHELVED_OFFLOADED', fast);
    await compute.unshelve(created);
    await compute.waitFor(created, 'ACTIVE', fast);

    const renamed = await compute.updateServer(created, { name: 'sdk-renamed' });
    expect(renamed.name).toBe('sdk-renamed');
    await compute.deleteServer(created);
    await compute.waitForDeleted(created, fast);
    await expect(compute.getServer(created)).rejects.toBeInstanceOf(NotFound);
  }, 120_000);

  it('follow the microversion: rebuild with a description (2.19), lock with a reason (2.73)', async () => {
    const c = compute.at('2.73');
    const created = await c.createServer({ name: 'sdk-mv', flavorRef: '1', imageRef, networks: 'none' });
    await c.waitFor(created, 'ACTIVE', fast);
    const rebuilt = await c.rebuild(created, { imageRef, name: 'sdk-rebuilt', description: 'fresh' });
    expectTypeOf(rebuilt.server.description).toEqualTypeOf<string | null>();
    expect(rebuilt.server).toMatchObject({ name: 'sdk-rebuilt', description: 'fresh' });
    expect(typeof rebuilt.server.adminPass).toBe('string');
    await c.waitFor(created, 'ACTIVE', fast);

    await c.lock(created, { locked_reason: 'maintenance' });
    expect(((await c.getServer(created)) as Record<string, unknown>).locked_reason).toBe('maintenance');
    await c.unlock(created);

    // Before 2.73 lock takes no reason, before 2.19 rebuild no description: the types say so.
    expectTypeOf<ServerActionBodies<'2.1'>['lock']>().toEqualTypeOf<null>();
    expectTypeOf<
      'description' extends keyof ServerActionBodies<'2.1'>['rebuild'] ? true : false
    >().toEqualTypeOf<false>();
    expectTypeOf<
      'description' extends keyof ServerActionBodies<'2.19'>['rebuild'] ? true : false
    >().toEqualTypeOf<true>();
    await c.deleteServer(created);
  }, 60_000);

  it("a refused action is a typed exception carrying Nova's fault", async () => {
    const created = await compute.createServer({ name: 'sdk-409', flavorRef: '1', imageRef });
    await compute.waitFor(created, 'ACTIVE', fast);
    const err = await compute.confirmResize(created).catch((e) => e);
    expect(err).toBeInstanceOf(Conflict);
    expect(err.status).toBe(409);
    expect(err.fault).toMatchObject({ name: 'conflictingRequest', code: 409 });
    expect(err.fault.message).toMatch(/confirmResize|resize|state/i);
    await compute.deleteServer(created);
  });

  it('waitFor rejects with the server fault when the build fails (no host has room)', async () => {
    // NOTE: a disk no host has (disk has no quota; ram or cores this large would be over quota, 403).
    const huge = await compute.createFlavor({ name: 'sdk-huge', ram: 64, vcpus: 1, disk: 1 << 20 });
    const created = await compute.createServer({ name: 'sdk-novalid', flavorRef: huge.id, imageRef });
    const seen: string[] = [];
    const err = await compute
      .waitFor(created, 'ACTIVE', { ...fast, onProgress: (s) => seen.push(s) })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ServerFailed);
    expect(err.status).toBe('ERROR');
    expect(err.fault).toMatchObject({ code: 500 });
    expect(err.fault.message).toMatch(/No valid host/);
    await compute.deleteServer(created);
    await compute.deleteFlavor(huge.id);
  });

  it('are refused before sending when they do not match the schema, naming the field', async () => {
    const c = unsent('2.1');
    // @ts-expect-error MEDIUM is no reboot type
    expect((await refused(c.reboot('x', 'MEDIUM'))).path).toBe('/reboot/type');
    const desc = { imageRef, description: 'x' } as ServerActionBodies<'2.1'>['rebuild'];
    expect((await refused(c.rebuild('x', desc))).path).toBe('/rebuild/description');
    expect((await refused(c.resize('x', 0))).path).toBe('/resize/flavorRef');
    expect((await refused(c.consoleOutput('x', -5))).path).toBe('/os-getConsoleOutput/length');
    expect((await refused(c.action('x', 'os-resetState', { state: 'paused' as 'error' }))).path).toBe(
      '/os-resetState/state',
    );
    const v91 = unsent('2.91');
    expect((await refused(v91.unshelve('x', { host: 'bad host!' }))).path).toBe('/unshelve/host');
    const v6 = unsent('2.6');
    // @ts-expect-error webmks only from 2.8
    const mks = v6.createRemoteConsole('x', { protocol: 'mks', type: 'webmks' });
    expect((await refused(mks)).path).toBe('/remote_console/protocol');
    // Sent, it fails on the closed port: proof that the refusals above never left the process.
    await expect(c.reboot('x', 'SOFT')).rejects.not.toBeInstanceOf(RequestValidationError);
  });
});

describe('flavors, key pairs and aggregates', () => {
  it('flavors: created with a description at 2.55, paged, updated, deleted; answers match the view schema', async () => {
    const c = compute.at('2.55');
    const flavor = await c.createFlavor({ name: 'sdk-f', ram: 256, vcpus: 1, disk: 1, description: 'small' });
    expectTypeOf(flavor.description).toEqualTypeOf<string | null>();
    expect(flavor).toMatchObject({ name: 'sdk-f', ram: 256, description: 'small' });
    expect(schemaMismatch(FLAVOR_VIEW_V2_1, flavor)).toBeNull();
    const all = await c.flavors().all();
    const paged: string[] = [];
    for await (const f of c.flavors({ pageSize: 2 })) paged.push(f.id);
    expect(all.length).toBeGreaterThan(2);
    expect(paged).toEqual(all.map((f) => f.id));
    expect((await c.updateFlavor(flavor.id, 'tiny')).description).toBe('tiny');
    await c.deleteFlavor(flavor.id);
    await expect(c.getFlavor(flavor.id)).rejects.toMatchObject({
      status: 404,
      fault: { name: 'itemNotFound' },
    });
    expect((await refused(unsent('2.55').createFlavor({ name: 'z', ram: 0, vcpus: 1, disk: 1 }))).path).toBe(
      '/flavor/ram',
    );
    // @ts-expect-error description only from 2.55
    const old = unsent('2.1').createFlavor({ name: 'z', ram: 1, vcpus: 1, disk: 1, description: 'x' });
    expect((await refused(old)).path).toBe('/flavor/description');
  });

  it('key pairs: generated and imported, paged one at a time from 2.35', async () => {
    const c = compute.at('2.35');
    const generated = await c.createKeypair({ name: 'sdk-k1' });
    expect(generated.private_key).toMatch(/PRIVATE KEY/);
    expect(generated.type).toBe('ssh');
    for (const name of ['sdk-k2', 'sdk-k3'])
      await c.createKeypair({ name, public_key: generated.public_key });
    const names: string[] = [];
    for await (const k of c.keypairs({ pageSize: 1 })) {
      expect(schemaMismatch(KEYPAIR_VIEW_V2_1, k)).toBeNull();
      names.push(k.name);
    }
    expect(names.sort()).toEqual(['sdk-k1', 'sdk-k2', 'sdk-k3']);
    expect((await c.getKeypair('sdk-k2')).fingerprint).toBe(generated.fingerprint);
    for (const n of names) await c.deleteKeypair(n);
    // 2.92: names may hold '@', and the public key is required.
    expect((await refused(unsent('2.2').createKeypair({ name: 'a@b' }))).path).toBe('/keypair/name');
    // @ts-expect-error public_key is required at 2.92
    expect((await refused(unsent('2.92').createKeypair({ name: 'a@b' }))).path).toBe('/keypair/public_key');
  });

  it('aggregates: hosts and metadata through the typed actions; uuid from 2.41', async () => {
    const c = compute.at('2.41');
    const agg = await c.createAggregate({ name: 'sdk-agg', availability_zone: 'sdk-az' });
    expectTypeOf(agg.uuid).toEqualTypeOf<string>();
    expect(agg.uuid).toMatch(/^[0-9a-f-]{36}$/);
    await c.aggregateAction(agg.id, 'add_host', { host: 'compute1' });
    const withMeta = await c.aggregateAction(agg.id, 'set_metadata', { metadata: { ssd: 'true' } });
    expect(withMeta).toMatchObject({
      hosts: ['compute1'],
      metadata: { ssd: 'true', availability_zone: 'sdk-az' },
    });
    expect(schemaMismatch(AGGREGATE_VIEW_V2_1, withMeta)).toBeNull();
    expect((await c.updateAggregate(agg.id, { name: 'sdk-agg2' })).name).toBe('sdk-agg2');
    expect((await c.aggregates()).map((a) => a.name)).toContain('sdk-agg2');
    const dup = await c.createAggregate({ name: 'sdk-agg2' }).catch((e) => e);
    expect(dup).toBeInstanceOf(Conflict);
    expect(dup.fault.name).toBe('conflictingRequest');
    await c.aggregateAction(agg.id, 'remove_host', { host: 'compute1' });
    await c.deleteAggregate(agg.id);
    const bad = unsent('2.41').aggregateAction(1, 'add_host', { host: 'no spaces' });
    expect((await refused(bad)).path).toBe('/add_host/host');
  });
});
