/** Flavors: create (with extra specs), delete, extra specs (os-extra_specs) and access for private flavors (os-flavor-access). */
import { useState } from 'preact/hooks';
import type { CloudApi } from '../api/cloud-api';
import { CreateForm, InlineForm } from '../components/create-form';
import { useAction, useLoad } from '../components/hooks';
import { ListTable } from '../components/list-table';
import { ErrorNote, Field, Modal, RemoveButton, Section, TextField } from '../components/ui';
import { parseExtraSpecs } from '../state/extra-specs';

export function FlavorsView({ api }: { api: CloudApi }) {
  const list = useLoad(
    () =>
      api.compute('GET', '/flavors/detail', undefined, { is_public: 'None' }).then((r) => r.flavors as any[]),
    [],
  );
  const action = useAction();
  const [form, setForm] = useState({
    name: '',
    vcpus: '1',
    ram: '512',
    disk: '1',
    isPublic: true,
    extraSpecs: '',
  });
  const [specs, setSpecs] = useState<any | null>(null);
  const [access, setAccess] = useState<any | null>(null);
  const create = () => {
    const parsed = parseExtraSpecs(form.extraSpecs);
    if (!parsed.ok) {
      action.setError(parsed.error);
      return;
    }
    const count = Object.keys(parsed.specs).length;
    action.run(
      async () => {
        const r = await api.compute('POST', '/flavors', {
          flavor: {
            name: form.name,
            vcpus: Number(form.vcpus),
            ram: Number(form.ram),
            disk: Number(form.disk),
            'os-flavor-access:is_public': form.isPublic,
          },
        });
        // NOTE(two calls): Nova's flavor create takes no extra specs; they are set on the new flavor.
        if (count)
          await api.compute('POST', `/flavors/${r.flavor.id}/os-extra_specs`, { extra_specs: parsed.specs });
        setForm({ ...form, name: '', extraSpecs: '' });
        list.reload();
      },
      `Flavor ${form.name} created${count ? ` with ${count} extra spec(s)` : ''}.`,
    );
  };
  const num = (key: 'vcpus' | 'ram' | 'disk') => (e: Event) =>
    setForm({ ...form, [key]: (e.target as HTMLInputElement).value });
  return (
    <>
      <h1>Flavors</h1>
      <CreateForm
        title="Create a flavor"
        onSubmit={create}
        submit="Create flavor"
        busy={action.busy}
        error={action.error}
        notice={action.notice}
      >
        <TextField label="Name" required value={form.name} onValue={(name) => setForm({ ...form, name })} />
        <Field label="vCPUs">
          <input type="number" min={1} required value={form.vcpus} onInput={num('vcpus')} />
        </Field>
        <Field label="RAM (MiB)">
          <input type="number" min={1} required value={form.ram} onInput={num('ram')} />
        </Field>
        <Field label="Disk (GB)">
          <input type="number" min={0} required value={form.disk} onInput={num('disk')} />
        </Field>
        <Field label="Extra specs (key=value a line)">
          <textarea
            rows={2}
            class="mono"
            value={form.extraSpecs}
            onInput={(e) => setForm({ ...form, extraSpecs: (e.target as HTMLTextAreaElement).value })}
          />
        </Field>
        <label class="check">
          <input
            type="checkbox"
            checked={form.isPublic}
            onChange={(e) => setForm({ ...form, isPublic: (e.target as HTMLInputElement).checked })}
          />
          Public
        </label>
      </CreateForm>
      <Section title="Flavors">
        <ListTable
          label="Flavors"
          error={list.error}
          rows={list.data}
          rowKey={(f) => f.id}
          columns={[
            { header: 'Name', cell: (f) => f.name },
            { header: 'vCPUs', cell: (f) => f.vcpus },
            { header: 'RAM', cell: (f) => `${f.ram} MiB` },
            { header: 'Disk', cell: (f) => `${f.disk} GB` },
            { header: 'Public', cell: (f) => (f['os-flavor-access:is_public'] ? 'yes' : 'no') },
          ]}
          actions={{
            class: 'actions',
            cell: (f) => (
              <>
                <button type="button" onClick={() => setSpecs(f)}>
                  Extra specs
                </button>
                {!f['os-flavor-access:is_public'] && (
                  <button type="button" onClick={() => setAccess(f)}>
                    Access
                  </button>
                )}
                <button
                  type="button"
                  class="danger"
                  aria-label={`Delete flavor ${f.name}`}
                  onClick={() =>
                    action.run(() => api.compute('DELETE', `/flavors/${f.id}`).then(list.reload))
                  }
                >
                  Delete
                </button>
              </>
            ),
          }}
        />
      </Section>
      {specs && <ExtraSpecsDialog api={api} flavor={specs} onClose={() => setSpecs(null)} />}
      {access && <AccessDialog api={api} flavor={access} onClose={() => setAccess(null)} />}
    </>
  );
}

function ExtraSpecsDialog({ api, flavor, onClose }: { api: CloudApi; flavor: any; onClose(): void }) {
  const specs = useLoad(
    () =>
      api
        .compute('GET', `/flavors/${flavor.id}/os-extra_specs`)
        .then((r) => r.extra_specs as Record<string, string>),
    [],
  );
  const action = useAction();
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  return (
    <Modal title={`Extra specs of ${flavor.name}`} onClose={onClose}>
      <ErrorNote error={specs.error ?? action.error} />
      <ul>
        {Object.entries(specs.data ?? {}).map(([k, v]) => (
          <li key={k}>
            <span class="mono">
              {k} = {v}
            </span>{' '}
            <RemoveButton
              onClick={() =>
                action.run(() =>
                  api.compute('DELETE', `/flavors/${flavor.id}/os-extra_specs/${k}`).then(specs.reload),
                )
              }
            />
          </li>
        ))}
      </ul>
      <InlineForm
        submit="Set"
        onSubmit={() =>
          action.run(() =>
            api
              .compute('POST', `/flavors/${flavor.id}/os-extra_specs`, { extra_specs: { [key]: value } })
              .then(() => {
                setKey('');
                setValue('');
                specs.reload();
              }),
          )
        }
      >
        <TextField label="Key" required value={key} onValue={setKey} />
        <TextField label="Value" required value={value} onValue={setValue} />
      </InlineForm>
    </Modal>
  );
}

function AccessDialog({ api, flavor, onClose }: { api: CloudApi; flavor: any; onClose(): void }) {
  const list = useLoad(
    () => api.compute('GET', `/flavors/${flavor.id}/os-flavor-access`).then((r) => r.flavor_access as any[]),
    [],
  );
  const action = useAction();
  const [tenant, setTenant] = useState('');
  const change = (verb: 'addTenantAccess' | 'removeTenantAccess', t: string) =>
    action.run(() =>
      api.compute('POST', `/flavors/${flavor.id}/action`, { [verb]: { tenant: t } }).then(list.reload),
    );
  return (
    <Modal title={`Access to ${flavor.name}`} onClose={onClose}>
      <ErrorNote error={list.error ?? action.error} />
      <ul>
        {(list.data ?? []).map((a) => (
          <li key={a.tenant_id}>
            <span class="mono">{a.tenant_id}</span>{' '}
            <RemoveButton onClick={() => change('removeTenantAccess', a.tenant_id)} />
          </li>
        ))}
      </ul>
      <InlineForm
        submit="Grant access"
        onSubmit={() => change('addTenantAccess', tenant).then(() => setTenant(''))}
      >
        <TextField label="Project id" required value={tenant} onValue={setTenant} />
      </InlineForm>
    </Modal>
  );
}
