/** Images (Glance v2): list, upload with progress, visibility, members of shared images, delete. */
import { useState } from 'preact/hooks';
import type { CloudApi } from '../api/cloud-api';
import { InlineForm } from '../components/create-form';
import { useAction, useLoad } from '../components/hooks';
import { ListTable } from '../components/list-table';
import {
  ErrorNote,
  Field,
  Modal,
  Notice,
  Progress,
  RemoveButton,
  Section,
  SelectField,
  TextField,
} from '../components/ui';

const VISIBILITIES = ['private', 'shared', 'community', 'public'];

export function ImagesView({ api }: { api: CloudApi }) {
  const list = useLoad(() => api.image('GET', '/v2/images').then((r) => r.images as any[]), [], 5000);
  const action = useAction();
  const [members, setMembers] = useState<any | null>(null);
  const mine = (i: any) => i.owner === api.auth.project.id || api.auth.isAdmin;
  return (
    <>
      <h1>Images</h1>
      <UploadForm api={api} onDone={list.reload} />
      <Section title="Images">
        <ListTable
          label="Images"
          error={list.error ?? action.error}
          rows={list.data}
          rowKey={(i) => i.id}
          columns={[
            { header: 'Name', cell: (i) => i.name },
            {
              header: 'Status',
              cell: (i) =>
                i.status === 'saving' || i.status === 'queued' ? <Progress label={i.status} /> : i.status,
            },
            {
              header: 'Visibility',
              cell: (i) => (
                <select
                  aria-label={`Visibility of ${i.name}`}
                  value={i.visibility}
                  disabled={!mine(i)}
                  onChange={(e) =>
                    action.run(() =>
                      api
                        .patchImage(i.id, [
                          {
                            op: 'replace',
                            path: '/visibility',
                            value: (e.target as HTMLSelectElement).value,
                          },
                        ])
                        .then(list.reload),
                    )
                  }
                >
                  {VISIBILITIES.map((v) => (
                    <option key={v}>{v}</option>
                  ))}
                </select>
              ),
            },
            { header: 'Size', cell: (i) => i.size ?? '–' },
            {
              header: 'Format',
              cell: (i) => (
                <>
                  {i.disk_format}/{i.container_format}
                </>
              ),
            },
          ]}
          actions={{
            class: 'actions',
            cell: (i) => (
              <>
                {i.visibility === 'shared' && mine(i) && (
                  <button type="button" onClick={() => setMembers(i)}>
                    Members
                  </button>
                )}
                {mine(i) && (
                  <button
                    type="button"
                    class="danger"
                    aria-label={`Delete image ${i.name}`}
                    onClick={() =>
                      action.run(() => api.image('DELETE', `/v2/images/${i.id}`).then(list.reload))
                    }
                  >
                    Delete
                  </button>
                )}
              </>
            ),
          }}
        />
      </Section>
      {members && <MembersDialog api={api} image={members} onClose={() => setMembers(null)} />}
    </>
  );
}

function UploadForm({ api, onDone }: { api: CloudApi; onDone(): void }) {
  const [name, setName] = useState('');
  const [diskFormat, setDiskFormat] = useState('qcow2');
  const [visibility, setVisibility] = useState('private');
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const action = useAction();
  const submit = () => {
    if (!file) return;
    const imageName = name || file.name;
    action.run(async () => {
      const image = await api.image('POST', '/v2/images', {
        name: imageName,
        disk_format: diskFormat,
        container_format: 'bare',
        visibility,
      });
      setProgress(0);
      try {
        await api.uploadImageData(image.id, file, (f) => setProgress(Math.round(f * 100)));
      } finally {
        setProgress(null);
        onDone();
      }
      setName('');
    }, `Image ${imageName} uploaded (${file.size} bytes, ${visibility}).`);
  };
  return (
    <Section title="Upload an image">
      <InlineForm onSubmit={submit} submit="Upload" busy={action.busy || !file}>
        <TextField label="Name" value={name} onValue={setName} />
        <SelectField
          label="Disk format"
          value={diskFormat}
          options={['qcow2', 'raw', 'vmdk', 'vhd', 'iso']}
          onValue={setDiskFormat}
        />
        <SelectField label="Visibility" value={visibility} options={VISIBILITIES} onValue={setVisibility} />
        <Field label="File">
          <input
            type="file"
            required
            onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)}
          />
        </Field>
      </InlineForm>
      {progress !== null && <Progress value={progress} label={`Uploading ${progress}%`} />}
      <ErrorNote error={action.error} />
      <Notice notice={action.notice} />
    </Section>
  );
}

function MembersDialog({ api, image, onClose }: { api: CloudApi; image: any; onClose(): void }) {
  const list = useLoad(
    () => api.image('GET', `/v2/images/${image.id}/members`).then((r) => r.members as any[]),
    [],
  );
  const action = useAction();
  const [project, setProject] = useState('');
  return (
    <Modal title={`Members of ${image.name}`} onClose={onClose}>
      <ErrorNote error={list.error ?? action.error} />
      <ul>
        {(list.data ?? []).map((m) => (
          <li key={m.member_id}>
            <span class="mono">{m.member_id}</span> ({m.status}){' '}
            <RemoveButton
              onClick={() =>
                action.run(() =>
                  api.image('DELETE', `/v2/images/${image.id}/members/${m.member_id}`).then(list.reload),
                )
              }
            />
          </li>
        ))}
      </ul>
      <InlineForm
        submit="Add member"
        onSubmit={() =>
          action.run(() =>
            api.image('POST', `/v2/images/${image.id}/members`, { member: project }).then(() => {
              setProject('');
              list.reload();
            }),
          )
        }
      >
        <TextField label="Project id" required value={project} onValue={setProject} />
      </InlineForm>
    </Modal>
  );
}
