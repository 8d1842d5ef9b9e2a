import { describe, expect, it } from 'vitest';
import { checkInjectedFiles, checkMetadataItems, checkNumInstances, checkUpsize } from './quota-check.js';
import {
  configQuotaDefaults,
  projectQuotas,
  quotaLimitError,
  settableQuotas,
  userQuotas,
} from './quota-limits.js';

const limits = configQuotaDefaults({
  instances: 10,
  cores: 20,
  ram: 51200,
  metadata_items: 128,
  injected_files: 5,
  injected_file_content_bytes: 10240,
  injected_file_path_length: 255,
  key_pairs: 100,
  server_groups: 10,
  server_group_members: 10,
});
const tiny = { vcpus: 1, memory_mb: 512 };
const used = (n: number, f = tiny) => ({ instances: n, cores: n * f.vcpus, ram: n * f.memory_mb });
const run = (min: number, max: number, usage = used(0), l = limits, flavor = tiny) =>
  checkNumInstances({
    flavor,
    minCount: min,
    maxCount: max,
    projectLimits: l,
    userLimits: l,
    projectUsage: usage,
  });

describe('checkNumInstances (Nova check_num_instances_quota)', () => {
  it.each([
    { name: 'fits', min: 1, max: 1, usage: used(0), want: 1 },
    { name: 'creates as many as fit up to max_count', min: 1, max: 5, usage: used(8), want: 2 },
    { name: 'all of max_count when they fit', min: 2, max: 4, usage: used(6), want: 4 },
  ])('$name', ({ min, max, usage, want }) => {
    expect(run(min, max, usage)).toBe(want);
  });

  it.each([
    {
      name: 'one over a full project',
      min: 1,
      max: 1,
      usage: used(10),
      msg: 'Quota exceeded for instances: Requested 1, but already used 10 of 10 instances',
    },
    {
      name: 'min_count above what fits',
      min: 3,
      max: 5,
      usage: used(8),
      msg: 'Quota exceeded for instances: Requested 3-5, but already used 8 of 10 instances',
    },
  ])('$name', ({ min, max, usage, msg }) => {
    expect(() => run(min, max, usage)).toThrow(msg);
    try {
      run(min, max, usage);
    } catch (err) {
      expect((err as { code: string }).code).toBe('compute.quota.too_many_instances');
      expect((err as { status: number }).status).toBe(403);
    }
  });

  it('names every resource over, sorted, with requested cores and ram', () => {
    const big = { vcpus: 8, memory_mb: 20000 };
    expect(() => run(3, 3, used(0), limits, big)).toThrow(
      'Quota exceeded for cores, ram: Requested 24, 60000, but already used 0, 0 of 20, 51200 cores, ram',
    );
  });

  it('unlimited (-1) never stops a create', () => {
    const open = { ...limits, instances: -1, cores: -1, ram: -1 };
    expect(run(1, 50, used(1000), open)).toBe(50);
  });

  it('a user limit lower than the project limit applies to that user', () => {
    const user = userQuotas(limits, {}, { instances: 2 });
    expect(() =>
      checkNumInstances({
        flavor: tiny,
        minCount: 1,
        maxCount: 1,
        projectLimits: limits,
        userLimits: user,
        projectUsage: used(3),
        userUsage: used(2),
      }),
    ).toThrow('Quota exceeded for instances: Requested 1, but already used 2 of 2 instances');
  });
});

describe('other checks', () => {
  it('resize counts only the growth of cores and ram', () => {
    const args = { projectLimits: limits, userLimits: limits, projectUsage: used(10) };
    expect(() => checkUpsize({ ...args, deltas: { cores: 10 } })).not.toThrow();
    expect(() => checkUpsize({ ...args, deltas: { cores: 11 } })).toThrow(
      'Quota exceeded for cores: Requested 11, but already used 10 of 20 cores',
    );
  });

  it('metadata items and injected files', () => {
    expect(() => checkMetadataItems(limits, 128)).not.toThrow();
    expect(() => checkMetadataItems(limits, 129)).toThrow('Maximum number of metadata items exceeds 128');
    const file = (path: string, contentBytes: number) => ({ path, contentBytes });
    expect(() => checkInjectedFiles(limits, Array(6).fill(file('/a', 1)))).toThrow(
      'Personality file limit exceeded',
    );
    expect(() => checkInjectedFiles(limits, [file('/'.repeat(256), 20000)])).toThrow(
      'Personality file path exceeds maximum 255',
    );
    expect(() => checkInjectedFiles(limits, [file('/a', 10241)])).toThrow(
      'Personality file content exceeds maximum 10240',
    );
  });
});

describe('settable ranges (Nova get_settable_quotas)', () => {
  it('a project limit may not go below usage or the sum of its user limits', () => {
    const project = projectQuotas(limits, { instances: 20 });
    const ranges = settableQuotas({
      projectLimits: project,
      userRowsOfProject: [{ user_id: 'u1', resource: 'instances', hard_limit: 7 }],
      projectUsage: { instances: 5 },
    });
    expect(ranges.instances).toEqual({ minimum: 7, maximum: -1 });
    expect(quotaLimitError('instances', 6, ranges.instances)).toBe(
      'Quota limit 6 for instances must be greater than or equal to already used and reserved 7.',
    );
    expect(quotaLimitError('instances', -1, ranges.instances)).toBeNull();
  });

  it('a user limit may not exceed what the project has left', () => {
    const ranges = settableQuotas({
      projectLimits: limits,
      userRowsOfProject: [
        { user_id: 'u1', resource: 'instances', hard_limit: 5 },
        { user_id: 'u2', resource: 'instances', hard_limit: 3 },
      ],
      projectUsage: {},
      user: { rows: { instances: 5 }, usage: { instances: 1 } },
    });
    expect(ranges.instances).toEqual({ minimum: 1, maximum: 7 });
    expect(quotaLimitError('instances', 8, ranges.instances)).toBe(
      'Quota limit 8 for instances must be less than or equal to 7.',
    );
  });
});
