import { describe, expect, it } from 'vitest';
import { type CpuThreadPolicy, packInstanceOntoCores } from './cpu-pinning.js';

/** Eight pCPUs; with SMT the siblings are (0,4) (1,5) (2,6) (3,7) as Linux numbers them. */
const SMT = [
  [0, 4],
  [1, 5],
  [2, 6],
  [3, 7],
];
const cell = (pinned: number[], smt: boolean) => ({
  pcpuset: [0, 1, 2, 3, 4, 5, 6, 7],
  pinned_cpus: pinned,
  siblings: smt ? SMT : [],
});

describe('packInstanceOntoCores', () => {
  it.each<{
    name: string;
    pinned: number[];
    smt: boolean;
    count: number;
    policy: CpuThreadPolicy;
    want: unknown;
  }>([
    {
      name: 'prefer, no SMT: lowest free',
      pinned: [0],
      smt: false,
      count: 2,
      policy: 'prefer',
      want: { pinned: [1, 2], reserved: [] },
    },
    {
      name: 'prefer, SMT: siblings first',
      pinned: [],
      smt: true,
      count: 2,
      policy: 'prefer',
      want: { pinned: [0, 4], reserved: [] },
    },
    {
      name: 'prefer, SMT: whole free cores before half-used ones',
      pinned: [0],
      smt: true,
      count: 2,
      policy: 'prefer',
      want: { pinned: [1, 5], reserved: [] },
    },
    {
      name: 'prefer, not enough free',
      pinned: [0, 1, 2, 3, 4, 5],
      smt: true,
      count: 3,
      policy: 'prefer',
      want: null,
    },
    {
      name: 'isolate, SMT: one thread per core, siblings reserved',
      pinned: [],
      smt: true,
      count: 2,
      policy: 'isolate',
      want: { pinned: [0, 1], reserved: [4, 5] },
    },
    {
      name: 'isolate, SMT: skips cores with a busy sibling',
      pinned: [4, 1],
      smt: true,
      count: 2,
      policy: 'isolate',
      want: { pinned: [2, 3], reserved: [6, 7] },
    },
    {
      name: 'isolate, SMT: too few free cores',
      pinned: [4, 5, 6],
      smt: true,
      count: 2,
      policy: 'isolate',
      want: null,
    },
    {
      name: 'isolate, no SMT: plain pinning',
      pinned: [],
      smt: false,
      count: 3,
      policy: 'isolate',
      want: { pinned: [0, 1, 2], reserved: [] },
    },
    {
      name: 'require, SMT: whole sibling sets',
      pinned: [1],
      smt: true,
      count: 4,
      policy: 'require',
      want: { pinned: [0, 4, 2, 6], reserved: [] },
    },
    {
      name: 'require, SMT: not enough whole cores',
      pinned: [0, 1, 2],
      smt: true,
      count: 4,
      policy: 'require',
      want: null,
    },
    {
      name: 'require on a host without SMT is rejected',
      pinned: [],
      smt: false,
      count: 2,
      policy: 'require',
      want: null,
    },
  ])('$name', ({ pinned, smt, count, policy, want }) => {
    expect(packInstanceOntoCores(cell(pinned, smt), count, policy)).toEqual(want);
  });
});
