/**
 * `#/bench?n=1000`: renders the instances table with n synthetic servers and
 * reports how long the render and layout took (performance.now() around the
 * first render until the next frame) in `#bench-result`. The browser test
 * reads it for docs/performance.md. No API calls.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Server } from '../state/instance-list';
import { InstanceTable } from './instance-table';

const STATES = [
  ['ACTIVE', 'active', null],
  ['SHUTOFF', 'stopped', null],
  ['BUILD', 'building', 'spawning'],
  ['PAUSED', 'paused', null],
] as const;

export function syntheticServers(n: number): Server[] {
  return Array.from({ length: n }, (_, i) => {
    const [status, vm, task] = STATES[i % STATES.length];
    return {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      name: `vm-${i}`,
      status,
      updated: '2026-01-01T00:00:00Z',
      created: '2026-01-01T00:00:00Z',
      progress: task ? 40 : 0,
      flavor: { original_name: 'm1.small', vcpus: 1, ram: 2048 },
      addresses: { private: [{ addr: `10.0.${i >> 8}.${i & 255}` }] },
      'OS-EXT-STS:vm_state': vm,
      'OS-EXT-STS:task_state': task,
      'OS-EXT-SRV-ATTR:host': `compute${(i % 4) + 1}`,
      'OS-EXT-AZ:availability_zone': 'nova',
    };
  });
}

export function BenchView() {
  const n = Number(new URLSearchParams(location.hash.split('?')[1] ?? '').get('n') ?? 1000);
  const [servers, setServers] = useState<Server[]>([]);
  const [ms, setMs] = useState<number | null>(null);
  useEffect(() => {
    const list = syntheticServers(n);
    const started = performance.now();
    setServers(list);
    // Two frames: the commit, then the layout and paint that follow it.
    requestAnimationFrame(() =>
      requestAnimationFrame(() => setMs(Math.round((performance.now() - started) * 10) / 10)),
    );
  }, [n]);
  return (
    <main class="content">
      <p id="bench-result" data-rows={servers.length}>
        {ms === null ? 'rendering…' : `${servers.length} rows in ${ms} ms`}
      </p>
      <InstanceTable servers={servers} detailBase="bench" onToggle={() => {}} />
    </main>
  );
}
