/** Server groups (os-server-groups): list, create with a policy, delete; hidden when the cloud has none. */
import { useState } from 'preact/hooks';
import type { CloudApi } from '../api/cloud-api';
import { useAction, useLoad } from '../components/hooks';
import { Empty, ErrorNote, Field, Section } from '../components/ui';

const POLICIES = ['affinity', 'anti-affinity', 'soft-affinity', 'soft-anti-affinity'];

export function ServerGroupsView({ api }: { api: CloudApi }) {
  const list = useLoad(
    () => api.compute('GET', '/os-server-groups').then((r) => r.server_groups as any[]),
    [],
  );
  const action = useAction();
  const [name, setName] = useState('');
  const [policy, setPolicy] = useState('anti-affinity');
  if (list.errorStatus === 404)
    return (
      <>
        <h1>Server groups</h1>
        <Empty>This cloud does not offer server groups (os-server-groups).</Empty>
      </>
    );
  const create = (e: Event) => {
    e.preventDefault();
    action.run(async () => {
      await api.compute('POST', '/os-server-groups', { server_group: { name, policy } });
      setName('');
      list.reload();
    });
  };
  return (
    <>
      <h1>Server groups</h1>
      <Section title="Create">
        <form onSubmit={create} class="inline-form">
          <Field label="Name">
            <input required value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
          </Field>
          <Field label="Policy">
            <select value={policy} onChange={(e) => setPolicy((e.target as HTMLSelectElement).value)}>
              {POLICIES.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </Field>
          <button type="submit" class="primary" disabled={action.busy}>
            Create server group
          </button>
        </form>
        <ErrorNote error={action.error} />
      </Section>
      <Section title="Server groups">
        <ErrorNote error={list.error} />
        {list.data?.length === 0 && <Empty>No server groups.</Empty>}
        <table aria-label="Server groups">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Policy</th>
              <th scope="col">Members</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(list.data ?? []).map((g) => (
              <tr key={g.id}>
                <td>{g.name}</td>
                <td>{g.policy ?? g.policies?.join(', ')}</td>
                <td>{g.members?.length ?? 0}</td>
                <td>
                  <button
                    type="button"
                    class="danger"
                    aria-label={`Delete server group ${g.name}`}
                    onClick={() =>
                      action.run(() => api.compute('DELETE', `/os-server-groups/${g.id}`).then(list.reload))
                    }
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </>
  );
}
