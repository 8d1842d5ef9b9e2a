/** Server groups (os-server-groups): list, create with a policy, delete; hidden when the cloud has none. */
import { useState } from 'preact/hooks';
import type { CloudApi } from '../api/cloud-api';
import { CreateForm } from '../components/create-form';
import { useAction, useLoad } from '../components/hooks';
import { ListTable } from '../components/list-table';
import { Empty, Section, SelectField, TextField } from '../components/ui';

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
  const create = () => {
    action.run(async () => {
      await api.compute('POST', '/os-server-groups', { server_group: { name, policy } });
      setName('');
      list.reload();
    }, `Server group ${name} (${policy}) created.`);
  };
  return (
    <>
      <h1>Server groups</h1>
      <CreateForm
        title="Create"
        onSubmit={create}
        submit="Create server group"
        busy={action.busy}
        error={action.error}
        notice={action.notice}
      >
        <TextField label="Name" required value={name} onValue={setName} />
        <SelectField label="Policy" value={policy} options={POLICIES} onValue={setPolicy} />
      </CreateForm>
      <Section title="Server groups">
        <ListTable
          label="Server groups"
          error={list.error}
          empty="No server groups."
          rows={list.data}
          rowKey={(g) => g.id}
          columns={[
            { header: 'Name', cell: (g) => g.name },
            { header: 'Policy', cell: (g) => g.policy ?? g.policies?.join(', ') },
            { header: 'Members', cell: (g) => g.members?.length ?? 0 },
          ]}
          actions={{
            cell: (g) => (
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
            ),
          }}
        />
      </Section>
    </>
  );
}
