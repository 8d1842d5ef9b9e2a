/**
 * The dashboard in a real browser: Debian's Chromium, driven by
 * playwright-core, against `novats up` (embedded identity, 2 fake hosts, a
 * slow spawn so that progress is visible). Logs in, launches two instances and
 * watches them go ACTIVE, stops one, resizes it and confirms, opens a VNC
 * console, deletes both, and checks that the admin hypervisor view shows the
 * usage rise and fall. Submits the create forms (key pair, server group,
 * flavor with an extra spec, image upload, aggregate), checks each result
 * through the API and that a bad input shows the service's fault message. Screenshots of each main view are written to
 * test-artifacts/dashboard/ (docs/dashboard/ holds committed copies). Also
 * measures the first load's gzipped size and the 1,000-row table render.
 * Heavy (a browser and a cloud process): run one file at a time.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PasswordSession } from '@novats/sdk';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardCloud, startDashboardCloud } from './dashboard-cloud.js';

// NOTE(types): these run in the page; the project's TypeScript has no DOM library.
declare const document: { querySelectorAll(s: string): { length: number } };

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = process.env.NOVATS_TEST_ARTIFACTS
  ? join(process.env.NOVATS_TEST_ARTIFACTS, 'dashboard')
  : join(__dirname, '..', '..', 'test-artifacts', 'dashboard');
const FIRST_LOAD_BUDGET = 300 * 1024;

let cloud: DashboardCloud;
let browser: BrowserContext;
let profile: string;
let page: Page;

beforeAll(async () => {
  // NOTE(ci): no skip: without Debian's chromium (.ci/run installs it) this fails.
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), 'novats-chromium-'));
  [cloud, browser] = await Promise.all([
    startDashboardCloud(['--hosts', '2', '--spawn-delay', '3000']),
    chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 800 },
      deviceScaleFactor: 1,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    }),
  ]);
  page = await browser.newPage();
  page.setDefaultTimeout(30_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false });
}

async function open(route: string, heading: string | RegExp): Promise<void> {
  await page.goto(`${cloud.dashboard}/#/${route}`);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** The cloud-wide used amount of a resource class on the admin hypervisor view. */
async function cloudUsage(resourceClass: string): Promise<number> {
  const meter = page.getByTestId('cloud-usage').locator(`meter[aria-label="${resourceClass}"]`);
  return Number(await meter.getAttribute('data-used'));
}

async function waitForCloudUsage(resourceClass: string, value: number): Promise<void> {
  await page
    .getByTestId('cloud-usage')
    .locator(`meter[aria-label="${resourceClass}"][data-used="${value}"]`)
    .waitFor({ timeout: 30_000 });
}

function row(name: string) {
  return page.locator(`tr[data-name="${name}"]`);
}

let admin: PasswordSession | undefined;

/** GET through the dashboard's proxy with an admin token of its own: what the API says, not what the page shows. */
async function apiGet(service: 'compute' | 'image', path: string): Promise<any> {
  // The SDK's password login, through the proxy; it throws unless keystone answers 201.
  admin ??= new PasswordSession({
    authUrl: `${cloud.dashboard}/proxy/identity/v3`,
    username: 'admin',
    password: cloud.adminPassword,
    projectName: 'admin',
  });
  const adminToken = await admin.token();
  expect(adminToken).not.toBe('');
  const base = service === 'compute' ? '/proxy/compute/v2.1' : '/proxy/image';
  const res = await fetch(`${cloud.dashboard}${base}${path}`, {
    headers: {
      'x-auth-token': adminToken,
      accept: 'application/json',
      'openstack-api-version': 'compute 2.79',
    },
  });
  expect(res.status).toBe(200);
  return res.json();
}

/** Submits a create form; waits for its success notice (role status). */
async function submitAndExpectNotice(button: string, notice: string): Promise<void> {
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.getByRole('status').filter({ hasText: notice }).waitFor();
}

/** Submits a create form that Nova refuses; waits for the fault's message (role alert). */
async function submitAndExpectFault(button: string, fault: RegExp): Promise<void> {
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.getByRole('alert').filter({ hasText: fault }).waitFor();
}

async function rowAction(name: string, action: string): Promise<void> {
  const toggle = page.getByRole('button', { name: `Actions for ${name}` });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.locator('tr.row-actions').getByRole('button', { name: action, exact: true }).click();
}

describe('the dashboard in Chromium against novats up', { timeout: 90_000 }, () => {
  it('serves a first load under 300 KB gzipped', async () => {
    const html = await fetch(`${cloud.dashboard}/`, { headers: { 'accept-encoding': 'gzip' } });
    const text = await html.text();
    const assets = [...text.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    let total = Number(html.headers.get('content-length'));
    for (const a of assets) {
      const res = await fetch(`${cloud.dashboard}${a}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(res.status).toBe(200);
      // Node's fetch decodes the body; the header is what crossed the wire.
      expect(res.headers.get('content-encoding')).toBe('gzip');
      total += Number(res.headers.get('content-length'));
    }
    writeFileSync(join(ARTIFACTS, 'first-load.txt'), `${total} bytes gzipped (${assets.length + 1} files)\n`);
    expect(total).toBeGreaterThan(1000);
    expect(total).toBeLessThan(FIRST_LOAD_BUDGET);
  });

  it('logs in with the identity service; a wrong password shows the fault', async () => {
    await page.goto(`${cloud.dashboard}/`);
    await page.getByLabel('User name', { exact: true }).fill('admin');
    await page.getByLabel('Password', { exact: true }).fill('wrong');
    await page.getByLabel('Project').fill('admin');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/401/);
    await shot('login');
    await page.getByLabel('Password', { exact: true }).fill(cloud.adminPassword);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview: admin' }).waitFor();
    await page.getByLabel(/^Instances: 0 of 10/).waitFor();
    await shot('overview');
  });

  it('shows no usage on the hypervisors before anything is launched', async () => {
    await open('admin/hypervisors', 'Hypervisors');
    await page
      .getByRole('table', { name: 'Usage heat map' })
      .getByRole('rowheader', { name: 'compute2' })
      .waitFor();
    await waitForCloudUsage('VCPU', 0);
    expect(await cloudUsage('MEMORY_MB')).toBe(0);
  });

  it('launches two instances (validated first) and shows them build, then go ACTIVE', async () => {
    await open('project/instances', 'Instances');
    await page.getByRole('button', { name: 'Launch instance' }).click();
    const dialog = page.getByRole('dialog', { name: 'Launch instance' });
    await dialog.getByLabel('Flavor').selectOption({ label: 'm1.tiny (1 vCPU, 512 MiB, 1 GB)' });
    await dialog.getByLabel('Count').fill('11');
    await dialog.getByRole('button', { name: 'Launch' }).click();
    // Nothing is sent while the form is invalid: a name and an image are missing, 11 exceeds the quota of 10.
    await dialog.getByText('A name is required.').waitFor();
    await dialog.getByText('Choose an image.').waitFor();
    await dialog.getByText('The quota allows 10 more instance(s).').waitFor();
    await dialog.getByLabel('Name').fill('web');
    await dialog.getByLabel('Image').selectOption({ index: 1 });
    await dialog.getByLabel('Count').fill('2');
    await dialog.getByRole('button', { name: 'Launch' }).click();
    await dialog.waitFor({ state: 'detached' });
    // The fake spawn takes 3 s: the rows show the build's progress before they are ACTIVE.
    await page.locator('tr[data-status="BUILD"] progress').first().waitFor();
    await shot('instances-building');
    await row('web-1').and(page.locator('[data-status="ACTIVE"]')).waitFor({ timeout: 60_000 });
    await row('web-2').and(page.locator('[data-status="ACTIVE"]')).waitFor({ timeout: 60_000 });
    await shot('instances');
  });

  it('the hypervisor view shows the usage rise', async () => {
    await open('admin/hypervisors', 'Hypervisors');
    await waitForCloudUsage('VCPU', 2);
    expect(await cloudUsage('MEMORY_MB')).toBe(1024);
    await shot('admin-hypervisors');
  });

  it('stops one; only the actions its state allows are offered', async () => {
    await open('project/instances', 'Instances');
    await row('web-1').waitFor();
    await page.getByRole('button', { name: 'Actions for web-1' }).click();
    const actions = page.locator('tr.row-actions');
    await actions.getByRole('button', { name: 'Stop', exact: true }).waitFor();
    expect(await actions.getByRole('button', { name: 'Start', exact: true }).count()).toBe(0);
    await actions.getByRole('button', { name: 'Stop', exact: true }).click();
    await row('web-1').and(page.locator('[data-status="SHUTOFF"]')).waitFor({ timeout: 30_000 });
    await actions.getByRole('button', { name: 'Start', exact: true }).waitFor();
    expect(await actions.getByRole('button', { name: 'Stop', exact: true }).count()).toBe(0);
  });

  it('resizes the stopped instance and confirms the resize', async () => {
    await rowAction('web-1', 'Resize');
    const dialog = page.getByRole('dialog', { name: 'Resize web-1' });
    await dialog.getByLabel('New flavor').selectOption({ label: 'm1.small (1 vCPU, 2048 MiB)' });
    await dialog.getByRole('button', { name: 'Resize' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row('web-1').and(page.locator('[data-status="VERIFY_RESIZE"]')).waitFor({ timeout: 60_000 });
    await shot('instances-verify-resize');
    await rowAction('web-1', 'Confirm resize');
    await row('web-1').and(page.locator('[data-status="SHUTOFF"]')).waitFor({ timeout: 30_000 });
    await expect.poll(() => row('web-1').locator('td').nth(2).textContent()).toBe('m1.small');
  });

  it("opens an instance's detail: console log, action history and the VNC console", async () => {
    await page.getByRole('link', { name: 'web-2' }).click();
    await page.getByRole('heading', { level: 1, name: /Instance web-2/ }).waitFor();
    await expect.poll(() => page.locator('pre.console-log').textContent()).not.toBe('Loading…');
    await page.getByRole('tab', { name: 'Action history' }).click();
    await page.getByRole('table', { name: 'Action history' }).getByRole('cell', { name: 'create' }).waitFor();
    await page.getByRole('tab', { name: 'Console', exact: true }).click();
    await page.getByRole('button', { name: 'Open console' }).click();
    const frame = page.frameLocator('iframe[title="VNC console"]');
    await expect.poll(() => frame.locator('#status').textContent(), { timeout: 30_000 }).toMatch(/Connected/);
    await shot('instance-console');
  });

  it('deletes both instances; the hypervisor usage falls back to zero', async () => {
    await open('project/instances', 'Instances');
    for (const name of ['web-1', 'web-2']) {
      await rowAction(name, 'Delete');
      await page
        .getByRole('dialog', { name: `Delete ${name}?` })
        .getByRole('button', { name: `Delete ${name}` })
        .click();
    }
    await page.waitForFunction(() => document.querySelectorAll('tr[data-name]').length === 0, null, {
      timeout: 60_000,
    });
    await open('admin/hypervisors', 'Hypervisors');
    await waitForCloudUsage('VCPU', 0);
    expect(await cloudUsage('MEMORY_MB')).toBe(0);
  });

  it('submits the create forms: each shows success, the API has the result, a bad input shows the fault', async () => {
    const name = () => page.getByLabel('Name', { exact: true });
    // Key pair, generated; the same name again is Nova's 409.
    await open('project/keypairs', 'Key pairs');
    await name().fill('ui-key');
    await submitAndExpectNotice('Create key pair', 'Key pair ui-key created.');
    expect(await page.getByLabel('Private key (shown once: save it now)').inputValue()).toMatch(
      /PRIVATE KEY/,
    );
    expect((await apiGet('compute', '/os-keypairs/ui-key')).keypair.name).toBe('ui-key');
    await name().fill('ui-key');
    await submitAndExpectFault('Create key pair', /Key pair 'ui-key' already exists\. \(HTTP 409\)/);

    // Server group with a policy; a name over 255 characters fails Nova's schema (400).
    await open('project/server-groups', 'Server groups');
    await name().fill('ui-group');
    await page.getByLabel('Policy').selectOption('affinity');
    await submitAndExpectNotice('Create server group', 'Server group ui-group (affinity) created.');
    const groups = (await apiGet('compute', '/os-server-groups')).server_groups;
    expect(groups.find((g: any) => g.name === 'ui-group')?.policy).toBe('affinity');
    await name().fill('g'.repeat(256));
    await submitAndExpectFault('Create server group', /\(HTTP 400\)/);

    // Flavor with an extra spec (admin); the same name again is 409.
    await open('admin/flavors', 'Flavors');
    await name().fill('ui.flavor');
    await page.getByLabel('vCPUs').fill('2');
    await page.getByLabel('RAM (MiB)').fill('1024');
    await page.getByLabel('Extra specs (key=value a line)').fill('hw:cpu_policy=dedicated');
    await submitAndExpectNotice('Create flavor', 'Flavor ui.flavor created with 1 extra spec(s).');
    const flavor = (await apiGet('compute', '/flavors/detail?is_public=None')).flavors.find(
      (f: any) => f.name === 'ui.flavor',
    );
    expect(flavor).toMatchObject({ vcpus: 2, ram: 1024 });
    expect((await apiGet('compute', `/flavors/${flavor.id}/os-extra_specs`)).extra_specs).toEqual({
      'hw:cpu_policy': 'dedicated',
    });
    await name().fill('ui.flavor');
    await submitAndExpectFault('Create flavor', /Flavor with name ui\.flavor already exists\. \(HTTP 409\)/);

    // Image upload (4 KiB) as shared; a name over 255 characters is Glance's 400, its message shown.
    await open('project/images', 'Images');
    await name().fill('ui-image');
    await page.getByLabel('Disk format').selectOption('raw');
    await page.getByLabel('Visibility', { exact: true }).selectOption('shared');
    await page.getByLabel('File').setInputFiles({
      name: 'tiny.img',
      mimeType: 'application/octet-stream',
      buffer: Buffer.alloc(4096, 7),
    });
    await submitAndExpectNotice('Upload', 'Image ui-image uploaded (4096 bytes, shared).');
    const [image] = (await apiGet('image', '/v2/images?name=ui-image')).images;
    expect(image).toMatchObject({ status: 'active', size: 4096, visibility: 'shared', disk_format: 'raw' });
    await name().fill('i'.repeat(256));
    await submitAndExpectFault('Upload', /schema.*\(HTTP 400\)/);

    // Aggregate in a new zone; the same name again is 409.
    await open('admin/aggregates', 'Aggregates and availability zones');
    await name().fill('ui-agg');
    await page.getByLabel('Availability zone (optional)').fill('ui-zone');
    await submitAndExpectNotice('Create aggregate', 'Aggregate ui-agg created in zone ui-zone.');
    const aggregates = (await apiGet('compute', '/os-aggregates')).aggregates;
    expect(aggregates.find((a: any) => a.name === 'ui-agg')?.availability_zone).toBe('ui-zone');
    await name().fill('ui-agg');
    await submitAndExpectFault('Create aggregate', /Aggregate ui-agg already exists\. \(HTTP 409\)/);
  });

  it('shows the admin views', async () => {
    for (const [route, heading, file] of [
      ['admin/services', 'Compute services', 'admin-services'],
      ['admin/aggregates', 'Aggregates and availability zones', 'admin-aggregates'],
      ['admin/flavors', 'Flavors', 'admin-flavors'],
      ['admin/quotas', 'Quotas', 'admin-quotas'],
      ['project/images', 'Images', 'images'],
      ['project/keypairs', 'Key pairs', 'keypairs'],
    ] as const) {
      await open(route, heading);
      await page.waitForLoadState('networkidle');
      await shot(file);
    }
    await open('admin/services', 'Compute services');
    await page.getByRole('cell', { name: 'compute1' }).first().waitFor();
    await page.getByRole('button', { name: 'Disable compute1' }).click();
    await page.getByRole('button', { name: 'Enable compute1' }).waitFor();
    await page.getByRole('button', { name: 'Enable compute1' }).click();
    await page.getByRole('button', { name: 'Disable compute1' }).waitFor();
  });

  it('works at phone width: the menu folds behind a button', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await open('project/instances', 'Instances');
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    await page.getByRole('button', { name: '☰ Menu' }).click();
    await page.getByRole('link', { name: 'Key pairs' }).click();
    await page.getByRole('heading', { level: 1, name: 'Key pairs' }).waitFor();
    await open('project/overview', 'Overview: admin');
    await shot('phone-overview');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('renders the instances table with 1,000 instances as a window that follows scrolling (time recorded, not asserted)', async () => {
    await page.goto(`${cloud.dashboard}/#/bench?n=1000`);
    const result = await page.locator('#bench-result').filter({ hasText: 'rows in' }).textContent();
    writeFileSync(join(ARTIFACTS, 'table-1000.txt'), `${result}\n`);
    const table = page.getByRole('table', { name: 'Instances' });
    expect(await table.getAttribute('aria-rowcount')).toBe('1001');
    // Only the rows around the viewport are in the DOM; the spacers keep the page 1,000 rows tall.
    const rendered = await page.locator('tr[data-name]').count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(100);
    expect(await page.evaluate('document.documentElement.scrollHeight')).toBeGreaterThan(1000 * 30);
    await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
    await row('vm-999').waitFor();
    expect(await row('vm-999').getAttribute('aria-rowindex')).toBe('1001');
    expect(await row('vm-0').count()).toBe(0);
  });

  it('logs out: the token is dropped and the login form is back', async () => {
    await open('project/overview', 'Overview: admin');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    const stored = await page.evaluate(
      'JSON.stringify([localStorage.length, sessionStorage.length, document.cookie])',
    );
    expect(stored).toBe('[0,0,""]');
  });
});
