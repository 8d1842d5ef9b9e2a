/** Compute services (os-services): enable or disable with a reason, force down or back up. */
import type { CloudApi } from '../api/cloud-api';
import { useAction, useLoad } from '../components/hooks';
import { ListTable } from '../components/list-table';
import { Section } from '../components/ui';

export function ServicesView({ api }: { api: CloudApi }) {
  const list = useLoad(() => api.compute('GET', '/os-services').then((r) => r.services as any[]), [], 5000);
  const action = useAction();
  const update = (id: string, body: object) =>
    action.run(() => api.compute('PUT', `/os-services/${id}`, body).then(list.reload));
  return (
    <>
      <h1>Compute services</h1>
      <Section title="Services">
        <ListTable
          label="Compute services"
          error={list.error ?? action.error}
          rows={list.data}
          rowKey={(s) => s.id}
          columns={[
            { header: 'Binary', cell: (s) => s.binary },
            { header: 'Host', cell: (s) => s.host },
            { header: 'Zone', cell: (s) => s.zone },
            {
              header: 'Status',
              cell: (s) => (
                <>
                  {s.status}
                  {s.disabled_reason ? ` (${s.disabled_reason})` : ''}
                </>
              ),
            },
            {
              header: 'State',
              cell: (s) => (
                <>
                  {s.state}
                  {s.forced_down ? ' (forced down)' : ''}
                </>
              ),
            },
            { header: 'Updated', cell: (s) => s.updated_at },
          ]}
          actions={{
            class: 'actions',
            cell: (s) =>
              s.binary === 'nova-compute' && (
                <>
                  <button
                    type="button"
                    aria-label={`${s.status === 'enabled' ? 'Disable' : 'Enable'} ${s.host}`}
                    onClick={() =>
                      update(
                        s.id,
                        s.status === 'enabled'
                          ? { status: 'disabled', disabled_reason: 'disabled from the dashboard' }
                          : { status: 'enabled' },
                      )
                    }
                  >
                    {s.status === 'enabled' ? 'Disable' : 'Enable'}
                  </button>
                  <button type="button" onClick={() => update(s.id, { forced_down: !s.forced_down })}>
                    {s.forced_down ? 'Unset forced down' : 'Force down'}
                  </button>
                </>
              ),
          }}
        />
      </Section>
    </>
  );
}
