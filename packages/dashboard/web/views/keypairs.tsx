/** Key pairs: list, create (the private key is shown once), import a public key, delete. */
import { useState } from 'preact/hooks';
import type { CloudApi } from '../api/cloud-api';
import { CreateForm } from '../components/create-form';
import { useAction, useLoad } from '../components/hooks';
import { ListTable } from '../components/list-table';
import { Field, Section, TextField } from '../components/ui';

export function KeypairsView({ api }: { api: CloudApi }) {
  const list = useLoad(
    () => api.compute('GET', '/os-keypairs').then((r) => (r.keypairs as any[]).map((k) => k.keypair)),
    [],
  );
  const action = useAction();
  const [name, setName] = useState('');
  const [publicKey, setPublicKey] = useState('');
  const [privateKey, setPrivateKey] = useState<string | null>(null);
  const create = async () => {
    const importing = publicKey.trim() !== '';
    setPrivateKey(null);
    await action.run(
      async () => {
        const r = await api.compute('POST', '/os-keypairs', {
          keypair: { name, ...(importing ? { public_key: publicKey.trim() } : {}) },
        });
        setPrivateKey(r.keypair.private_key ?? null);
        setName('');
        setPublicKey('');
        list.reload();
        return r.keypair.name as string;
      },
      (created) => `Key pair ${created} ${importing ? 'imported' : 'created'}.`,
    );
  };
  return (
    <>
      <h1>Key pairs</h1>
      <CreateForm
        title="Create or import"
        onSubmit={create}
        submit={publicKey.trim() ? 'Import key pair' : 'Create key pair'}
        busy={action.busy}
        error={action.error}
        notice={action.notice}
        after={
          privateKey && (
            <Field label="Private key (shown once: save it now)">
              <textarea readOnly rows={6} class="mono" value={privateKey} />
            </Field>
          )
        }
      >
        <TextField label="Name" required value={name} onValue={setName} />
        <Field label="Public key (empty: generate one)">
          <textarea
            rows={2}
            value={publicKey}
            onInput={(e) => setPublicKey((e.target as HTMLTextAreaElement).value)}
          />
        </Field>
      </CreateForm>
      <Section title="Key pairs">
        <ListTable
          label="Key pairs"
          error={list.error}
          empty="No key pairs."
          rows={list.data}
          rowKey={(k) => k.name}
          columns={[
            { header: 'Name', cell: (k) => k.name },
            { header: 'Type', cell: (k) => k.type },
            { header: 'Fingerprint', cell: (k) => k.fingerprint, class: 'mono' },
          ]}
          actions={{
            cell: (k) => (
              <button
                type="button"
                class="danger"
                aria-label={`Delete key pair ${k.name}`}
                onClick={() =>
                  action.run(() => api.compute('DELETE', `/os-keypairs/${k.name}`).then(list.reload))
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
