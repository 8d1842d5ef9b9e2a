/**
 * Example: the real `openstack` CLI against a cloud started by startCloud(),
 * authenticating with the embedded Keystone's password.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { startCloud, type TestCloud } from '@novats/server/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

const run = promisify(execFile);
let cloud: TestCloud;

beforeAll(async () => {
  if (!existsSync('/usr/bin/openstack')) throw new Error('apt-get install python3-openstackclient');
  cloud = await startCloud({ hosts: 2, identity: { adminPassword: 'secret' } });
});
afterAll(() => cloud?.stop());

function openstack(...args: string[]) {
  const pw = cloud.credentials.password!;
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OS_')));
  return run('/usr/bin/openstack', args, {
    timeout: 60_000,
    env: {
      ...env,
      OS_AUTH_URL: pw.authUrl,
      OS_IDENTITY_API_VERSION: '3',
      OS_USERNAME: pw.username,
      OS_PASSWORD: pw.password,
      OS_PROJECT_NAME: pw.projectName,
      OS_USER_DOMAIN_NAME: pw.domain,
      OS_PROJECT_DOMAIN_NAME: pw.domain,
    },
  });
}

it('openstack server create --wait, then server list', async () => {
  const created = await openstack(
    'server',
    'create',
    '--flavor',
    '1',
    '--image',
    cloud.imageRef,
    '--wait',
    '-f',
    'json',
    'vm1',
  );
  expect(JSON.parse(created.stdout).status).toBe('ACTIVE');
  const list = JSON.parse((await openstack('server', 'list', '-f', 'json')).stdout);
  expect(list.map((s: { Name: string }) => s.Name)).toEqual(['vm1']);
  await cloud.reset();
  expect(JSON.parse((await openstack('server', 'list', '-f', 'json')).stdout)).toEqual([]);
});
