/**
 * The dashboard's pure modules (packages/dashboard/web/state): which actions
 * core's transition table allows for a server as the API shows it, the
 * changes-since merge, filtering and paging, launch validation against the
 * quota's headroom, and placement capacity.
 */
import { describe, expect, it } from 'vitest';
import { allowedActions, isActionAllowed } from '../../packages/dashboard/web/state/allowed-actions.js';
import { parseExtraSpecs } from '../../packages/dashboard/web/state/extra-specs.js';
import {
  filterServers,
  mergeChanges,
  nextChangesSince,
  pageOf,
  type Server,
} from '../../packages/dashboard/web/state/instance-list.js';
import { headroomOf, launchBody, validateLaunch } from '../../packages/dashboard/web/state/launch-form.js';
import {
  capacityOf,
  providerUsage,
  usedFraction,
} from '../../packages/dashboard/web/state/provider-usage.js';
import { OVERSCAN, rowWindow, WINDOW_FROM } from '../../packages/dashboard/web/state/row-window.js';

const LAUNCHED = '2026-01-01T00:00:00.000000';

function server(vm: string, task: string | null = null, extra: Partial<Server> = {}): Server {
  return {
    id: extra.id ?? 'id',
    name: extra.name ?? 'vm',
    status: extra.status ?? 'ACTIVE',
    updated: extra.updated ?? '2026-01-01T00:00:00Z',
    'OS-EXT-STS:vm_state': vm,
    'OS-EXT-STS:task_state': task,
    'OS-SRV-USG:launched_at': LAUNCHED,
    ...extra,
  };
}

describe('allowed actions (core transition table)', () => {
  it.each([
    {
      vm: 'active',
      task: null,
      want: ['stop', 'reboot', 'pause', 'suspend', 'shelve', 'resize', 'rebuild', 'createImage', 'delete'],
    },
    { vm: 'stopped', task: null, want: ['start', 'shelve', 'resize', 'rebuild', 'createImage', 'delete'] },
    { vm: 'paused', task: null, want: ['unpause', 'shelve', 'createImage', 'delete'] },
    { vm: 'suspended', task: null, want: ['resume', 'shelve', 'createImage', 'delete'] },
    { vm: 'resized', task: null, want: ['confirmResize', 'revertResize', 'delete'] },
    { vm: 'shelved_offloaded', task: null, want: ['unshelve', 'delete'] },
    { vm: 'active', task: 'powering-off', want: ['delete'] },
    { vm: 'building', task: 'spawning', want: ['delete'] },
  ])('$vm/$task allows $want', ({ vm, task, want }) => {
    expect(allowedActions(server(vm, task))).toEqual(want);
  });

  it('a locked server offers what the lock does not guard, unless the caller is an admin', () => {
    const locked = server('active', null, { locked: true });
    expect(isActionAllowed(locked, 'stop')).toBe(false);
    expect(isActionAllowed(locked, 'stop', true)).toBe(true);
  });

  it('an instance that never launched cannot be stopped', () => {
    expect(isActionAllowed(server('active', null, { 'OS-SRV-USG:launched_at': null }), 'stop')).toBe(false);
  });
});

describe('the live instance list', () => {
  const a = server('active', null, { id: 'a', name: 'a', created: '1', updated: '2026-01-01T00:00:01Z' });
  const b = server('active', null, { id: 'b', name: 'b', created: '2', updated: '2026-01-01T00:00:02Z' });

  it('merges changes by id, newest first, and drops deleted servers', () => {
    const merged = mergeChanges([a], [b, { ...a, status: 'SHUTOFF', updated: '2026-01-01T00:00:03Z' }]);
    expect(merged.map((s) => [s.id, s.status])).toEqual([
      ['b', 'ACTIVE'],
      ['a', 'SHUTOFF'],
    ]);
    expect(mergeChanges(merged, [{ ...b, status: 'DELETED' }]).map((s) => s.id)).toEqual(['a']);
  });

  it('asks next for changes since the newest update seen', () => {
    expect(nextChangesSince(null, [a, b])).toBe('2026-01-01T00:00:02Z');
    expect(nextChangesSince('2026-01-01T00:00:05Z', [a])).toBe('2026-01-01T00:00:05Z');
  });

  it('filters by text (name, id, address) and status, and pages', () => {
    const withAddr = { ...a, addresses: { net: [{ addr: '10.0.0.7' }] } };
    expect(filterServers([withAddr, b], { text: '10.0.0.7', status: '' }).map((s) => s.id)).toEqual(['a']);
    expect(
      filterServers([withAddr, { ...b, status: 'SHUTOFF' }], { text: '', status: 'SHUTOFF' }),
    ).toHaveLength(1);
    const list = Array.from({ length: 45 }, (_, i) => i);
    expect(pageOf(list, 2, 20)).toEqual({ items: [40, 41, 42, 43, 44], page: 2, pages: 3 });
    expect(pageOf(list, 9, 20).page).toBe(2);
    expect(pageOf([], 0, 20)).toEqual({ items: [], page: 0, pages: 1 });
  });
});

describe('launch validation', () => {
  const flavors = [{ id: '1', vcpus: 1, ram: 512 }];
  const form = {
    name: 'web',
    flavorRef: '1',
    imageRef: 'img',
    keyName: '',
    group: '',
    availabilityZone: '',
    count: '2',
  };
  const absolute = {
    maxTotalInstances: 10,
    totalInstancesUsed: 7,
    maxTotalCores: 20,
    totalCoresUsed: 19,
    maxTotalRAMSize: -1,
    totalRAMUsed: 0,
  };

  it('accepts a valid form and builds the POST /servers body with a server group hint', () => {
    expect(validateLaunch(form, flavors, headroomOf(null))).toEqual({});
    expect(launchBody({ ...form, group: 'g', keyName: 'k' })).toEqual({
      server: {
        name: 'web',
        flavorRef: '1',
        imageRef: 'img',
        networks: 'none',
        min_count: 2,
        max_count: 2,
        key_name: 'k',
      },
      'os:scheduler_hints': { group: 'g' },
    });
  });

  it.each([
    { change: { name: '' }, field: 'name', message: 'A name is required.' },
    { change: { name: ' web' }, field: 'name', message: 'No leading or trailing spaces.' },
    { change: { imageRef: '' }, field: 'imageRef', message: 'Choose an image.' },
    { change: { flavorRef: '9' }, field: 'flavorRef', message: 'Choose a flavor.' },
    { change: { count: '0' }, field: 'count', message: 'A whole number, at least 1.' },
    { change: { count: '4' }, field: 'count', message: 'The quota allows 3 more instance(s).' },
    { change: { count: '2' }, field: 'count', message: '2 vCPUs needed, 1 left in the quota.' },
  ])('refuses $change', ({ change, field, message }) => {
    expect(validateLaunch({ ...form, ...change }, flavors, headroomOf(absolute))[field]).toBe(message);
  });

  it('treats -1 limits as unlimited', () => {
    expect(headroomOf(absolute)).toEqual({ instances: 3, cores: 1, ram: null });
  });
});

describe('placement usage', () => {
  it("computes capacity as placement does and each class's used fraction", () => {
    expect(capacityOf({ total: 16, reserved: 0, allocation_ratio: 16 })).toBe(256);
    expect(capacityOf({ total: 32768, reserved: 512, allocation_ratio: 1.5 })).toBe(48384);
    const p = providerUsage(
      { uuid: 'u', name: 'compute1' },
      {
        VCPU: { total: 4, reserved: 0, allocation_ratio: 1 },
        DISK_GB: { total: 10, reserved: 0, allocation_ratio: 1 },
      },
      { VCPU: 1 },
    );
    expect(p.classes.map((c) => c.resourceClass)).toEqual(['DISK_GB', 'VCPU']);
    expect(usedFraction(p, 'VCPU')).toBe(0.25);
    expect(usedFraction(p, 'DISK_GB')).toBe(0);
    expect(usedFraction(p, 'MEMORY_MB')).toBeNull();
  });
});

describe('the instances table window (rowWindow)', () => {
  it('renders a list up to WINDOW_FROM rows whole, wherever the page is scrolled', () => {
    expect(rowWindow(WINDOW_FROM, 40, -2000, 800)).toEqual({ first: 0, end: WINDOW_FROM });
    expect(rowWindow(0, 40, 0, 800)).toEqual({ first: 0, end: 0 });
  });

  it('renders the rows in the viewport and OVERSCAN rows either side, snapped to tens', () => {
    // The body starts 100 px down an 800 px viewport: rows 0..17 are visible.
    const top = rowWindow(1000, 40, 100, 800);
    expect(top.first).toBe(0);
    expect(top.end).toBeGreaterThanOrEqual(18 + OVERSCAN);
    expect(top.end % 10).toBe(0);
    // Scrolled 20,000 px into the body: rows 500..519 are visible.
    const middle = rowWindow(1000, 40, -20_000, 800);
    expect(middle.first).toBeLessThanOrEqual(500 - OVERSCAN);
    expect(middle.first).toBeGreaterThan(500 - 3 * OVERSCAN);
    expect(middle.end).toBeGreaterThanOrEqual(520 + OVERSCAN);
    expect(middle.end).toBeLessThan(520 + 3 * OVERSCAN);
    expect(middle.first % 10).toBe(0);
  });

  it('clamps to the list at the bottom, and past it', () => {
    expect(rowWindow(1000, 40, -39_500, 800)).toMatchObject({ end: 1000 });
    const past = rowWindow(1000, 40, -100_000, 800);
    expect(past.end).toBe(1000);
    expect(past.first).toBeLessThanOrEqual(past.end);
  });
});

describe("the flavor form's extra specs (parseExtraSpecs)", () => {
  it('reads one key=value a line, trimmed, blank lines ignored; a value may hold =', () => {
    expect(parseExtraSpecs('hw:cpu_policy=dedicated\n\n  quota:disk_read_bytes_sec = 10 \nk=a=b')).toEqual({
      ok: true,
      specs: { 'hw:cpu_policy': 'dedicated', 'quota:disk_read_bytes_sec': '10', k: 'a=b' },
    });
    expect(parseExtraSpecs('')).toEqual({ ok: true, specs: {} });
  });

  it('names the line without a key', () => {
    expect(parseExtraSpecs('a=1\nnovalue')).toEqual({ ok: false, error: 'Line 2: expected key=value.' });
    expect(parseExtraSpecs('=1')).toEqual({ ok: false, error: 'Line 1: expected key=value.' });
  });
});
