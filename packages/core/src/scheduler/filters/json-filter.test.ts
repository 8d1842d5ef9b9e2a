import { describe, expect, it } from 'vitest';
import { makeHostState } from '../host-state.js';
import { makeRequestSpec } from '../request-spec-builder.js';
import { createJsonFilter, REASON_JSON_INVALID, REASON_JSON_QUERY } from './json-filter.js';

const host = makeHostState({
  free_ram_mb: 2048,
  free_disk_mb: 200 * 1024,
  hypervisor_type: 'QEMU',
  stats: { rack: 'r1' },
});
const spec = (query?: unknown) =>
  makeRequestSpec({
    scheduler_hints:
      query === undefined ? {} : { query: [typeof query === 'string' ? query : JSON.stringify(query)] },
  });
const no = { pass: false, reason: REASON_JSON_QUERY };

describe('JsonFilter', () => {
  it.each([
    { name: 'no query', query: undefined, want: { pass: true } },
    { name: '>= passes', query: ['>=', '$free_ram_mb', 1024], want: { pass: true } },
    { name: '>= fails', query: ['>=', '$free_ram_mb', 4096], want: no },
    {
      name: 'and',
      query: ['and', ['>=', '$free_ram_mb', 1024], ['>=', '$free_disk_mb', 100 * 1024]],
      want: { pass: true },
    },
    {
      name: 'or',
      query: ['or', ['>=', '$free_ram_mb', 4096], ['=', '$hypervisor_type', 'QEMU']],
      want: { pass: true },
    },
    { name: 'not of a true test', query: ['not', ['=', '$hypervisor_type', 'QEMU']], want: no },
    { name: 'in', query: ['in', '$hypervisor_type', 'xen', 'QEMU'], want: { pass: true } },
    { name: 'nested attribute', query: ['=', '$stats.rack', 'r1'], want: { pass: true } },
    { name: 'unknown attribute drops out', query: ['=', '$nope', 1], want: no },
    { name: 'invalid json', query: '[>= nope', want: { pass: false, reason: REASON_JSON_INVALID } },
    { name: 'unknown operator', query: ['~', 1, 1], want: { pass: false, reason: REASON_JSON_INVALID } },
  ])('$name', ({ query, want }) => {
    expect(createJsonFilter().hostPasses(host, spec(query))).toEqual(want);
  });
});
