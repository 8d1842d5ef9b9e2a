/**
 * nova-compute's console calls against drivers with and without the
 * console facets: Nova's 400 (type unavailable or invalid), 501 (no such
 * console in the driver), 409 for a guest still building, and
 * validate_console_port.
 */
import type { ConsoleConnectInfo, Instance, VirtDriver } from '@novats/core';
import { isNovaError, makeInstance } from '@novats/core';
import { FakeDriver } from '@novats/drivers';
import { describe, expect, it } from 'vitest';
import { consoleEndpoint, DEFAULT_CONSOLES_ENABLED } from './compute-consoles.js';

const SPICE: ConsoleConnectInfo & { tls_port: null } = {
  host: '192.0.2.7',
  port: 5900,
  internal_access_path: null,
  tls_port: null,
};

async function failure(p: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await p;
  } catch (err) {
    if (isNovaError(err)) return { status: err.status, code: err.code };
    throw err;
  }
  throw new Error('did not fail');
}

describe('compute console calls', () => {
  const driver = new FakeDriver();
  const spiceDriver = Object.assign(new FakeDriver(), { getSpiceConsole: async () => SPICE }) as VirtDriver;
  const instance = makeInstance({
    uuid: '5f1c7a52-0d1e-4f7e-9a55-3f0d1c2b4a61',
    display_name: 'c1',
    vm_state: 'active',
  });

  it('asks the fake driver for its VNC server', async () => {
    await driver.init('h1');
    await driver.spawn(instance, null, {});
    const ep = consoleEndpoint(driver, DEFAULT_CONSOLES_ENABLED);
    const info = (await ep.get_vnc_console(
      {} as never,
      { instance, console_type: 'novnc' },
      {} as never,
    )) as ConsoleConnectInfo;
    expect(info).toMatchObject({ host: '127.0.0.1', internal_access_path: null });
    expect(info.port).toBeGreaterThan(0);
    const again = (await ep.get_vnc_console(
      {} as never,
      { instance, console_type: 'xvpvnc' },
      {} as never,
    )) as ConsoleConnectInfo;
    expect(again.port).toBe(info.port);
    expect(
      await ep.validate_console_port(
        {} as never,
        { instance, console_type: 'novnc', port: info.port },
        {} as never,
      ),
    ).toBe(true);
    expect(
      await ep.validate_console_port(
        {} as never,
        { instance, console_type: 'novnc', port: info.port + 1 },
        {} as never,
      ),
    ).toBe(false);
    await driver.destroy(instance);
    expect(
      await ep.validate_console_port(
        {} as never,
        { instance, console_type: 'novnc', port: info.port },
        {} as never,
      ),
    ).toBe(false);
  });

  it.each([
    {
      name: 'spice disabled',
      enabled: DEFAULT_CONSOLES_ENABLED,
      method: 'get_spice_console',
      type: 'spice-html5',
      want: { status: 400, code: 'console.type.unavailable' },
    },
    {
      name: 'wrong type for vnc',
      enabled: DEFAULT_CONSOLES_ENABLED,
      method: 'get_vnc_console',
      type: 'spice-html5',
      want: { status: 400, code: 'console.type.invalid' },
    },
    {
      name: 'spice enabled, no facet',
      enabled: { ...DEFAULT_CONSOLES_ENABLED, spice: true },
      method: 'get_spice_console',
      type: 'spice-html5',
      want: { status: 501, code: 'console.not_supported' },
    },
    {
      name: 'rdp enabled, no driver has it',
      enabled: { ...DEFAULT_CONSOLES_ENABLED, rdp: true },
      method: 'get_rdp_console',
      type: 'rdp-html5',
      want: { status: 501, code: 'console.not_supported' },
    },
    {
      name: 'vnc disabled',
      enabled: { ...DEFAULT_CONSOLES_ENABLED, vnc: false },
      method: 'get_vnc_console',
      type: 'novnc',
      want: { status: 400, code: 'console.type.unavailable' },
    },
  ])('$name', async ({ enabled, method, type, want }) => {
    // NOTE(facets): the fake driver serves VNC, SPICE and serial; without its SPICE facet it is a VNC-only driver.
    const vncOnly = Object.assign(new FakeDriver(), { getSpiceConsole: undefined }) as unknown as VirtDriver;
    const ep = consoleEndpoint(vncOnly, enabled);
    expect(
      await failure(Promise.resolve(ep[method]({} as never, { instance, console_type: type }, {} as never))),
    ).toEqual(want);
  });

  it('uses a SPICE facet when the driver has one and [spice] enabled is set', async () => {
    const ep = consoleEndpoint(spiceDriver, { ...DEFAULT_CONSOLES_ENABLED, spice: true });
    expect(
      await ep.get_spice_console({} as never, { instance, console_type: 'spice-html5' }, {} as never),
    ).toEqual(SPICE);
  });

  it('answers 409 InstanceNotReady for a guest the hypervisor does not know yet while building, 404 after', async () => {
    const ep = consoleEndpoint(new FakeDriver(), DEFAULT_CONSOLES_ENABLED);
    const building = { ...instance, vm_state: 'building' } as Instance;
    expect(
      await failure(
        Promise.resolve(
          ep.get_vnc_console({} as never, { instance: building, console_type: 'novnc' }, {} as never),
        ),
      ),
    ).toEqual({
      status: 409,
      code: 'compute.instance.not_ready',
    });
    expect(
      await failure(
        Promise.resolve(ep.get_vnc_console({} as never, { instance, console_type: 'novnc' }, {} as never)),
      ),
    ).toEqual({
      status: 404,
      code: 'compute.instance.not_found',
    });
  });
});
