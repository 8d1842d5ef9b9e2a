import { describe, expect, it } from 'vitest';
import { ExtraSpecValidationFailed, validateExtraSpec } from './flavor-extra-spec-rules.js';

describe('validateExtraSpec (Nova 2.86)', () => {
  it.each([
    ['hw:cpu_policy', 'dedicated'],
    ['hw:cpu_thread_policy', 'isolate'],
    ['hw:mem_page_size', '2MB'],
    ['hw:mem_page_size', 'large'],
    ['hw:numa_nodes', '2'],
    ['hw:numa_cpus.0', '0-3,^2'],
    ['hw:numa_mem.1', '1024'],
    ['hw:boot_menu', 'Yes'],
    ['hw:watchdog_action', 'reset'],
    ['hw_rng:allowed', 'False'],
    ['quota:disk_read_bytes_sec', '10240'],
    ['quota:cpu_quota', '-1'],
    ['os:monitors', '8'],
    ['resources:VCPU', '0'],
    ['resources1:CUSTOM_GOLD', '1'],
    ['resources_net:NET_BW_EGR_KILOBIT_PER_SEC', '1000'],
    ['trait:HW_CPU_X86_AVX2', 'required'],
    ['trait2:CUSTOM_FOO', 'forbidden'],
    ['capabilities:stats:foo', 'bar'],
    ['aggregate_instance_extra_specs:ssd', 'true'],
    ['pci_passthrough:alias', 'a1:2, b2:1'],
    ['no_namespace_key', 'anything'],
    ['acme:anything', 'goes'],
  ])('accepts %s=%s', (name, value) => {
    expect(() => validateExtraSpec(name, value)).not.toThrow();
  });

  it.each([
    ['hw:cpu_policy', 'sometimes', "'sometimes' is not one of: dedicated, shared, mixed."],
    ['hw:numa_nodes', '0', "'0' is less than the min value of '1'."],
    ['hw:numa_nodes', 'two', "'two' is not a valid integer value."],
    ['os:monitors', '9', "'9' is greater than the max value of '8'."],
    ['hw:boot_menu', 'maybe', "'maybe' is not a valid boolean-like value."],
    ['hw:mem_page_size', 'huge', "'huge' is not of the format"],
    ['trait:CUSTOM_FOO', 'preferred', 'is not one of: required, forbidden.'],
    ['hw:no_such_thing', '1', "extra spec 'hw:no_such_thing' does not appear to be a valid extra spec."],
    ['trait1:NOT_A_TRAIT', 'required', 'does not appear to be a valid extra spec.'],
    ['resources:NOT_A_CLASS', '1', 'does not appear to be a valid extra spec.'],
    ['quota:cpu_bogus', '1', 'does not appear to be a valid extra spec.'],
  ])('refuses %s=%s', (name, value, message) => {
    let caught: unknown;
    try {
      validateExtraSpec(name, value);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ExtraSpecValidationFailed);
    expect((caught as ExtraSpecValidationFailed).status).toBe(400);
    expect((caught as Error).message).toContain(message);
  });
});
