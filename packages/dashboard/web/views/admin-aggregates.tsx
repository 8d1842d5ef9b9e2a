/** Host aggregates (create with a zone, add and remove hosts, delete) and the availability zones they make. */
import { useState } from 'preact/hooks';
import type { CloudApi } from '../api/cloud-api';
import { CreateForm } from '../components/create-form';
import { useAction, useLoad } from '../components/hooks';
import { ListTable } from '../components/list-table';
import { ErrorNote, Section, TextField } from '../components/ui';

export function AggregatesView({ api }: { api: CloudApi }) {
  const aggregates = useLoad(
    () => api.compute('GET', '/os-aggregates').then((r) => r.aggregates as any[]),
    [],
  );
  const zones = useLoad(
    () => api.compute('GET', '/os-availability-zone/detail').then((r) => r.availabilityZoneInfo as any[]),
    [],
  );
  const hosts = useLoad(
    () =>
      api
        .compute('GET', '/os-services', undefined, { binary: 'nova-compute' })
        .then((r) => r.services as any[]),
    [],
  );
  const action = useAction();
  const creation = useAction();
  const [name, setName] = useState('');
  const [zone, setZone] = useState('');
  const reload = () => {
    aggregates.reload();
    zones.reload();
  };
  const create = () => {
    creation.run(
      async () => {
        await api.compute('POST', '/os-aggregates', {
          aggregate: { name, ...(zone ? { availability_zone: zone } : {}) },
        });
        setName('');
        setZone('');
        reload();
      },
      `Aggregate ${name} created${zone ? ` in zone ${zone}` : ''}.`,
    );
  };
  const hostAction = (id: number, verb: 'add_host' | 'remove_host', host: string) =>
    action.run(() => api.compute('POST', `/os-aggregates/${id}/action`, { [verb]: { host } }).then(reload));
  return (
    <>
      <h1>Aggregates and availability zones</h1>
      <ErrorNote error={aggregates.error ?? zones.error ?? action.error} />
      <CreateForm
        title="Create an aggregate"
        onSubmit={create}
        submit="Create aggregate"
        busy={creation.busy}
        error={creation.error}
        notice={creation.notice}
      >
        <TextField label="Name" required value={name} onValue={setName} />
        <TextField label="Availability zone (optional)" value={zone} onValue={setZone} />
      </CreateForm>
      <Section title="Aggregates">
        <ListTable
          label="Aggregates"
          rows={aggregates.data}
          rowKey={(a) => a.id}
          columns={[
            { header: 'Name', cell: (a) => a.name },
            { header: 'Zone', cell: (a) => a.availability_zone ?? '–' },
            {
              header: 'Hosts',
              cell: (a) =>
                (a.hosts ?? []).map((h: string) => (
                  <button
                    type="button"
                    class="chip"
                    key={h}
                    aria-label={`Remove ${h} from ${a.name}`}
                    onClick={() => hostAction(a.id, 'remove_host', h)}
                  >
                    {h} ×
                  </button>
                )),
            },
            {
              header: 'Add host',
              cell: (a) => (
                <select
                  aria-label={`Add a host to ${a.name}`}
                  value=""
                  onChange={(e) => hostAction(a.id, 'add_host', (e.target as HTMLSelectElement).value)}
                >
                  <option value="">Add…</option>
                  {(hosts.data ?? [])
                    .filter((s) => !(a.hosts ?? []).includes(s.host))
                    .map((s) => (
                      <option key={s.host}>{s.host}</option>
                    ))}
                </select>
              ),
            },
          ]}
          actions={{
            cell: (a) => (
              <button
                type="button"
                class="danger"
                aria-label={`Delete aggregate ${a.name}`}
                onClick={() => action.run(() => api.compute('DELETE', `/os-aggregates/${a.id}`).then(reload))}
              >
                Delete
              </button>
            ),
          }}
        />
      </Section>
      <Section title="Availability zones">
        <ListTable
          label="Availability zones"
          rows={zones.data}
          rowKey={(z) => z.zoneName}
          columns={[
            { header: 'Zone', cell: (z) => z.zoneName },
            { header: 'Available', cell: (z) => (z.zoneState?.available ? 'yes' : 'no') },
            { header: 'Hosts', cell: (z) => Object.keys(z.hosts ?? {}).join(', ') },
          ]}
        />
      </Section>
    </>
  );
}
