import { describe, expect, it } from 'vitest';
import { makeInstance } from '../objects/instance-builder.js';
import { configDriveFiles } from './config-drive-files.js';
import { formatEc2Id, parseEc2Id } from './ec2-ids.js';
import type { InstanceMetadata } from './instance-metadata.js';
import { lookupMetadata, metadataPathTokens } from './metadata-lookup.js';

function md(over: Partial<InstanceMetadata> = {}): InstanceMetadata {
  return {
    instance: { ...makeInstance({ uuid: 'u-1', display_name: 'vm1' }), hostname: 'vm1', user_data: 'aGk=' },
    ec2InstanceId: 'i-0000000a',
    ec2ImageId: 'ami-00000001',
    keyPair: null,
    availabilityZone: 'nova',
    securityGroups: ['default'],
    network: null,
    vendorData: {},
    vendorData2: {},
    password: '',
    dhcpDomain: 'novalocal',
    files: [],
    randomSeed: () => 'seed',
    ...over,
  };
}

const text = (item: ReturnType<typeof lookupMetadata>) =>
  item?.kind === 'data'
    ? typeof item.body === 'string'
      ? item.body
      : new TextDecoder().decode(item.body)
    : item;

describe('metadata lookup', () => {
  it.each([
    { path: '/latest/meta-data/instance-id', want: 'i-0000000a' },
    { path: '/2009-04-04/meta-data/hostname', want: 'vm1.novalocal' },
    { path: '/ec2/latest/meta-data/placement/availability-zone', want: 'nova' },
    { path: '/latest/meta-data/../meta-data/ami-id', want: 'ami-00000001' },
    { path: '/latest/user-data', want: 'hi' },
  ])('$path', ({ path, want }) => {
    expect(text(lookupMetadata(md(), path, '2026-01-01'))).toBe(want);
  });

  it('answers null for unknown paths and versions', () => {
    for (const path of [
      '/latest/meta-data/nope',
      '/2099-01-01/meta-data/',
      '/openstack/2099-01-01',
      '/openstack/content/0000',
    ])
      expect(lookupMetadata(md(), path, '2026-01-01')).toBeNull();
  });

  it('hides OpenStack versions dated after today', () => {
    const item = lookupMetadata(md(), '/openstack', '2016-01-01');
    expect(item).toEqual({
      kind: 'listing',
      entries: ['2012-08-10', '2013-04-04', '2013-10-17', '2015-10-15', 'latest'],
    });
  });

  it('normalizes paths as posixpath.normpath', () => {
    expect(metadataPathTokens('//a/./b/../c/')).toEqual(['a', 'c']);
  });

  it('writes a config drive tree without the password and without skipped EC2 versions', () => {
    const paths = configDriveFiles(md()).map((f) => f.path);
    expect(paths).toContain('ec2/2009-04-04/meta-data.json');
    expect(paths).toContain('ec2/latest/user-data');
    expect(paths).toContain('openstack/latest/vendor_data2.json');
    expect(paths.some((p) => p.startsWith('ec2/1.0/'))).toBe(false);
    expect(paths.some((p) => p.endsWith('/password'))).toBe(false);
  });
});

describe('EC2 ids', () => {
  it.each([
    { prefix: 'i' as const, n: 10, text: 'i-0000000a' },
    { prefix: 'ami' as const, n: 0x1234abcd, text: 'ami-1234abcd' },
  ])('$text', ({ prefix, n, text: t }) => {
    expect(formatEc2Id(prefix, n)).toBe(t);
    expect(parseEc2Id(prefix, t)).toBe(n);
  });

  it('refuses other prefixes and malformed ids', () => {
    expect(parseEc2Id('i', 'ami-0000000a')).toBeNull();
    expect(parseEc2Id('i', 'i-xyz')).toBeNull();
    expect(parseEc2Id('i', 'i-00000000')).toBeNull();
  });
});
