import { describe, expect, it } from 'vitest';
import type { ImageMeta } from '../../objects/image.js';
import { makeHostState, type SupportedInstance } from '../host-state.js';
import { resolveSchedulerOptions } from '../options.js';
import { makeRequestSpec } from '../request-spec-builder.js';
import {
  createImagePropertiesFilter,
  REASON_HYPERVISOR_VERSION,
  REASON_IMAGE_PROPERTIES,
  versionSatisfies,
  versionToString,
} from './image-properties-filter.js';

const image = (properties: Record<string, string>): ImageMeta => ({
  id: 'img',
  name: 'img',
  status: 'active',
  visibility: 'public',
  owner: null,
  container_format: 'bare',
  disk_format: 'qcow2',
  size: 1,
  min_ram: 0,
  min_disk: 0,
  properties,
  created_at: '',
  updated_at: '',
});
const kvm: SupportedInstance[] = [
  ['x86_64', 'kvm', 'hvm'],
  ['i686', 'kvm', 'hvm'],
];
const filter = createImagePropertiesFilter(resolveSchedulerOptions());
const bad = { pass: false, reason: REASON_IMAGE_PROPERTIES };

describe('ImagePropertiesFilter', () => {
  it.each([
    { name: 'no image', props: null, supported: kvm, want: { pass: true } },
    { name: 'no relevant props', props: {}, supported: [], want: { pass: true } },
    { name: 'arch matches', props: { hw_architecture: 'x86_64' }, supported: kvm, want: { pass: true } },
    { name: 'arch alias amd64', props: { hw_architecture: 'amd64' }, supported: kvm, want: { pass: true } },
    { name: 'arch alias i386', props: { architecture: 'i386' }, supported: kvm, want: { pass: true } },
    { name: 'arch mismatch', props: { hw_architecture: 'aarch64' }, supported: kvm, want: bad },
    {
      name: 'all three match',
      props: { hw_architecture: 'x86_64', img_hv_type: 'KVM', hw_vm_mode: 'hvm' },
      supported: kvm,
      want: { pass: true },
    },
    { name: 'hv type mismatch', props: { img_hv_type: 'xen' }, supported: kvm, want: bad },
    {
      name: 'xapi is xen',
      props: { img_hv_type: 'xapi' },
      supported: [['x86_64', 'xen', 'xen']] as SupportedInstance[],
      want: { pass: true },
    },
    { name: 'host advertises nothing', props: { hw_architecture: 'x86_64' }, supported: [], want: bad },
    {
      name: 'version accepted',
      props: { img_hv_type: 'kvm', img_hv_requested_version: '>=6.0, <6.2' },
      supported: kvm,
      version: 6001000,
      want: { pass: true },
    },
    {
      name: 'version refused',
      props: { img_hv_type: 'kvm', img_hv_requested_version: '>=6.2' },
      supported: kvm,
      version: 6001000,
      want: { pass: false, reason: REASON_HYPERVISOR_VERSION },
    },
  ])('$name', ({ props, supported, version, want }) => {
    const host = makeHostState({ supported_instances: supported, hypervisor_version: version ?? 1000 });
    const spec = makeRequestSpec({ image: props === null ? null : image(props as Record<string, string>) });
    expect(filter.hostPasses(host, spec)).toEqual(want);
  });

  it('assumes image_properties_default_architecture for images without one', () => {
    const arm = createImagePropertiesFilter(
      resolveSchedulerOptions({ filter_scheduler: { image_properties_default_architecture: 'aarch64' } }),
    );
    const spec = makeRequestSpec({ image: image({}) });
    expect(arm.hostPasses(makeHostState({ supported_instances: kvm }), spec)).toEqual(bad);
    expect(arm.hostPasses(makeHostState({ supported_instances: [['aarch64', 'kvm', 'hvm']] }), spec)).toEqual(
      { pass: true },
    );
  });

  it('converts versions like Nova', () => {
    expect(versionToString(6002000)).toBe('6.2.0');
    expect(versionSatisfies('6.2.0', '>= 6.0')).toBe(true);
    expect(versionSatisfies('6.2.0', '<6.2')).toBe(false);
  });
});
