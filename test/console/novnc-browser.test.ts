/**
 * The real browser test: Debian's noVNC (/usr/share/novnc, served by
 * nova-novncproxy through `[vnc] novnc_web`) opened in Debian's headless
 * Chromium, driven by playwright-core, connects through the proxy to a fake
 * instance; a screenshot of noVNC's canvas must be exactly the instance's
 * screen (its name drawn by the fake driver). A bad or expired token is
 * refused and nothing is drawn. Heavy (a browser): run one file at a time.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NovaConfig } from '@novats/core';
import { drawConsoleScreen } from '@novats/drivers';
import { NovaNoVncProxyService, startService } from '@novats/server';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../support/cloud.js';
import { bootActive, manualClock, remoteConsole, tokenOfUrl } from './console-support.js';
import { decodePng } from './png-pixels.js';

// NOTE(types): these run in the page; the project's TypeScript has no DOM library, and adding one would change Node's types.
declare const document: {
  getElementById(id: string): { textContent: string | null } | null;
  querySelector(s: string): any;
};

const CHROMIUM = '/usr/bin/chromium';
const DEBIAN_NOVNC = '/usr/share/novnc';

let t: TestCloud;
let browser: BrowserContext;
let profile: string;
let server: string;
const clock = manualClock();

beforeAll(async () => {
  // NOTE(ci): no skip: without Debian's chromium and novnc (.ci/run installs them) this fails.
  for (const path of [CHROMIUM, `${DEBIAN_NOVNC}/vnc_lite.html`]) {
    if (!existsSync(path)) throw new Error(`${path} is missing: apt-get install chromium novnc`);
  }
  profile = mkdtempSync(join(tmpdir(), 'novats-chromium-'));
  // NOTE(playwright): a fresh --user-data-dir is given the way playwright takes it, as the persistent context's directory.
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 800, height: 600 },
    deviceScaleFactor: 1,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  t = await startTestCloud('sqlite', {
    hosts: 1,
    clock,
    config: NovaConfig.fromSources([`[vnc]\nnovnc_web = ${DEBIAN_NOVNC}\n`]),
  });
  server = await bootActive(t, 'browser-vm');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Opens a noVNC page of `proxy` with the token URL's `path`, as Nova's URL carries it. */
async function openConsole(
  consoleUrl: string,
  proxy = t.cloud.endpoints.novncproxy,
  page = 'vnc_lite.html',
): Promise<Page> {
  const tab = await browser.newPage();
  const path = new URL(consoleUrl).searchParams.get('path') ?? '';
  await tab.goto(`${proxy}/${page}?path=${encodeURIComponent(path)}`);
  return tab;
}

async function statusText(page: Page, pattern: RegExp): Promise<string> {
  await page.waitForFunction(
    (re) => new RegExp(re).test(document.getElementById('status')?.textContent ?? ''),
    pattern.source,
    { timeout: 15_000 },
  );
  return (await page.textContent('#status')) ?? '';
}

/**
 * Waits for noVNC's canvas to be fully painted, screenshots it, and
 * compares every pixel with the screen the fake driver draws for `name`.
 */
async function expectScreenOf(page: Page, name: string): Promise<void> {
  await page.waitForFunction(() => {
    const c = document.querySelector('canvas');
    if (!c || c.width !== 400 || c.height !== 240) return false;
    // The first update is painted row by row as it arrives: no pixel may be left transparent.
    const d = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
    for (let i = 3; i < d.length; i += 4) if (d[i] !== 255) return false;
    return true;
  });
  const canvas = page.locator('canvas').first();
  // NOTE(layout): noVNC centres the canvas; at a half-pixel offset the browser would blend its pixels.
  let box = await canvas.boundingBox();
  if (box && (box.y % 1 !== 0 || box.x % 1 !== 0)) {
    await page.setViewportSize({ width: 800 + (box.x % 1 ? 1 : 0), height: 600 + (box.y % 1 ? 1 : 0) });
    box = await canvas.boundingBox();
  }
  expect([box?.x, box?.y].map((v) => Number.isInteger(v))).toEqual([true, true]);
  const shot = decodePng(await page.screenshot({ clip: { x: box!.x, y: box!.y, width: 400, height: 240 } }));
  expect([shot.width, shot.height]).toEqual([400, 240]);
  const expected = drawConsoleScreen(name);
  let ink = 0;
  let mismatched = 0;
  for (let y = 0; y < 240; y++) {
    for (let x = 0; x < 400; x++) {
      const want = [...expected.rgb.subarray((y * 400 + x) * 3, (y * 400 + x) * 3 + 3)].join();
      const got = shot.at(x, y).join();
      if (got !== want) mismatched++;
      if (got === '255,255,255') ink++;
    }
  }
  expect(ink).toBeGreaterThan(500);
  expect(mismatched).toBe(0);
}

describe('noVNC in Chromium through nova-novncproxy', () => {
  it("Debian's noVNC shows the instance's framebuffer: the screenshot is its drawn name, pixel for pixel", async () => {
    const url = (await remoteConsole(t, server, 'vnc', 'novnc')).body.remote_console.url;
    const page = await openConsole(url);
    expect(await statusText(page, /Connected/)).toContain('browser-vm');
    await expectScreenOf(page, 'browser-vm');
    await page.close();
  });

  it("the npm noVNC client (nova-novncproxy's default web client) at Nova's vnc_auto.html does too", async () => {
    const c = t.cloud.scope.settings.consoles;
    const npmProxy = await startService(
      t.cloud.scope.child({
        consoles: {
          ...c,
          web: { ...c.web, novnc: null },
          listen: { ...c.listen, novnc: { host: '127.0.0.1', port: 0 } },
        },
      }),
      NovaNoVncProxyService,
    );
    try {
      const url = (await remoteConsole(t, server, 'vnc', 'novnc')).body.remote_console.url;
      const page = await openConsole(url, npmProxy.url, 'vnc_auto.html');
      expect(await statusText(page, /Connected/)).toContain('browser-vm');
      await expectScreenOf(page, 'browser-vm');
      await page.close();
    } finally {
      await npmProxy.stop();
    }
  });

  it('refuses a bad token: the connection fails and nothing is drawn', async () => {
    const page = await openConsole('http://x/?path=%3Ftoken%3D0b7a2f0e-0000-4000-8000-000000000000');
    expect(await statusText(page, /wrong|Disconnected|Failed/)).not.toContain('Connected');
    // noVNC drops its canvas (or never sizes it) when the connection is refused.
    const width = await page.evaluate(() => document.querySelector('#screen canvas')?.width ?? 0);
    expect(width).toBe(0);
    await page.close();
  });

  // NOTE(order): last, since moving the clock also makes the compute services look down.
  it('refuses an expired token', async () => {
    const url = (await remoteConsole(t, server, 'vnc', 'novnc')).body.remote_console.url;
    expect(tokenOfUrl(url)).toMatch(/^[0-9a-f-]{36}$/);
    clock.advance(601_000);
    const page = await openConsole(url);
    expect(await statusText(page, /wrong|Disconnected|Failed/)).not.toContain('Connected');
    await page.close();
  });
});
