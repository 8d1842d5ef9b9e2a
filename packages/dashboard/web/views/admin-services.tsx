/** Compute services (os-services): enable or disable with a reason, force down or back up. */
import type { CloudApi } from '../api/cloud-api';
import { useAction, useLoad } from '../components/hooks';
import { ErrorNote, Section } from '../components/ui';

export function ServicesView({ api }: { api: CloudApi }) {
  const list = useLoad(() => api.compute('GET', '/os-services').then((r) => r.services as any[]), [], 5000);
  const action = useAction();
  const update = (id: string, body: object) =>
    action.run(() => api.compute('PUT', `/os-services/${id}`, body).then(list.reload));
  return (
    <>
      <h1>Compute services</h1>
      <Section title="Services">
        <ErrorNote error={list.error ?? action.error} />
        <table aria-label="Compute services">
          <thead>
            <tr>
              <th scope="col">Binary</th>
              <th scope="col">Host</th>
              <th scope="col">Zone</th>
              <th scope="col">Status</th>
              <th scope="col">State</th>
              <th scope="col">Updated</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(list.data ?? []).map((s) => (
              <tr key={s.id}>
                <td>{s.binary}</td>
                <td>{s.host}</td>
                <td>{s.zone}</td>
                <td>
                  {s.status}
                  {s.disabled_reason ? ` (${s.disabled_reason})` : ''}
                </td>
                <td>
                  {s.state}
                  {s.forced_down ? ' (forced down)' : ''}
                </td>
                <td>{s.updated_at}</td>
                <td class="actions">
                  {s.binary === 'nova-compute' && (
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
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </>
  );
}
