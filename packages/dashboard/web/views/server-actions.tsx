/**
 * The per-instance action buttons: only those core's transition table allows
 * from the instance's state are enabled; resize, rebuild and snapshot ask for
 * their argument in a dialog; delete asks for confirmation; a snapshot shows
 * the image's progress until it is active.
 */
import { useState } from 'preact/hooks';
import { type CloudApi, faultMessage } from '../api/cloud-api';
import { useLoad } from '../components/hooks';
import { ErrorNote, Field, Modal, Progress } from '../components/ui';
import { DASHBOARD_ACTIONS, type DashboardAction, isActionAllowed } from '../state/allowed-actions';
import type { Server } from '../state/instance-list';

const LABELS: Record<DashboardAction, string> = {
  start: 'Start',
  stop: 'Stop',
  reboot: 'Reboot',
  pause: 'Pause',
  unpause: 'Unpause',
  suspend: 'Suspend',
  resume: 'Resume',
  shelve: 'Shelve',
  unshelve: 'Unshelve',
  resize: 'Resize',
  confirmResize: 'Confirm resize',
  revertResize: 'Revert resize',
  rebuild: 'Rebuild',
  createImage: 'Create snapshot',
  delete: 'Delete',
};

/** The server action body of each simple action (POST /servers/{id}/action). */
const BODIES: Partial<Record<DashboardAction, object>> = {
  start: { 'os-start': null },
  stop: { 'os-stop': null },
  reboot: { reboot: { type: 'SOFT' } },
  pause: { pause: null },
  unpause: { unpause: null },
  suspend: { suspend: null },
  resume: { resume: null },
  shelve: { shelve: null },
  unshelve: { unshelve: null },
  confirmResize: { confirmResize: null },
  revertResize: { revertResize: null },
};

type Dialog = 'resize' | 'rebuild' | 'createImage' | 'delete' | null;

export function ServerActions(props: {
  api: CloudApi;
  server: Server;
  onChanged(): void;
  compact?: boolean;
}) {
  const { api, server } = props;
  const [dialog, setDialog] = useState<Dialog>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<DashboardAction | null>(null);
  const act = async (action: DashboardAction) => {
    if (action === 'resize' || action === 'rebuild' || action === 'createImage' || action === 'delete') {
      setDialog(action);
      return;
    }
    setPending(action);
    setError(null);
    try {
      await api.compute('POST', `/servers/${server.id}/action`, BODIES[action]);
      props.onChanged();
    } catch (err) {
      setError(faultMessage(err));
    } finally {
      setPending(null);
    }
  };
  return (
    <div class="server-actions">
      <fieldset class="buttons">
        <legend class="sr-only">Actions for {server.name}</legend>
        {DASHBOARD_ACTIONS.map((a) => {
          const allowed = isActionAllowed(server, a, api.auth.isAdmin);
          if (props.compact && !allowed) return null;
          return (
            <button
              type="button"
              key={a}
              class={a === 'delete' ? 'danger' : ''}
              disabled={!allowed || pending !== null}
              onClick={() => act(a)}
            >
              {pending === a ? `${LABELS[a]}…` : LABELS[a]}
            </button>
          );
        })}
      </fieldset>
      <ErrorNote error={error} />
      {dialog === 'resize' && <ResizeDialog {...props} onClose={() => setDialog(null)} />}
      {dialog === 'rebuild' && <RebuildDialog {...props} onClose={() => setDialog(null)} />}
      {dialog === 'createImage' && <SnapshotDialog {...props} onClose={() => setDialog(null)} />}
      {dialog === 'delete' && <DeleteDialog {...props} onClose={() => setDialog(null)} />}
    </div>
  );
}

interface DialogProps {
  api: CloudApi;
  server: Server;
  onChanged(): void;
  onClose(): void;
}

function ResizeDialog({ api, server, onChanged, onClose }: DialogProps) {
  const flavors = useLoad(() => api.compute('GET', '/flavors/detail'), []);
  const [flavor, setFlavor] = useState('');
  const [error, setError] = useState<string | null>(null);
  const current = server.flavor?.original_name;
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      await api.compute('POST', `/servers/${server.id}/action`, { resize: { flavorRef: flavor } });
      onChanged();
      onClose();
    } catch (err) {
      setError(faultMessage(err));
    }
  };
  return (
    <Modal title={`Resize ${server.name}`} onClose={onClose}>
      <form onSubmit={submit}>
        <Field label="New flavor" hint={current ? `Now ${current}.` : undefined}>
          <select required value={flavor} onChange={(e) => setFlavor((e.target as HTMLSelectElement).value)}>
            <option value="">Choose…</option>
            {(flavors.data?.flavors ?? [])
              .filter((f: any) => f.name !== current)
              .map((f: any) => (
                <option key={f.id} value={f.id}>
                  {f.name} ({f.vcpus} vCPU, {f.ram} MiB)
                </option>
              ))}
          </select>
        </Field>
        <ErrorNote error={error ?? flavors.error} />
        <button type="submit" class="primary" disabled={!flavor}>
          Resize
        </button>
      </form>
    </Modal>
  );
}

function RebuildDialog({ api, server, onChanged, onClose }: DialogProps) {
  const images = useLoad(() => api.image('GET', '/v2/images', undefined, { status: 'active' }), []);
  const [image, setImage] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      await api.compute('POST', `/servers/${server.id}/action`, { rebuild: { imageRef: image } });
      onChanged();
      onClose();
    } catch (err) {
      setError(faultMessage(err));
    }
  };
  return (
    <Modal title={`Rebuild ${server.name}`} onClose={onClose}>
      <form onSubmit={submit}>
        <Field label="Image">
          <select required value={image} onChange={(e) => setImage((e.target as HTMLSelectElement).value)}>
            <option value="">Choose…</option>
            {(images.data?.images ?? []).map((i: any) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </select>
        </Field>
        <ErrorNote error={error ?? images.error} />
        <button type="submit" class="primary" disabled={!image}>
          Rebuild
        </button>
      </form>
    </Modal>
  );
}

function SnapshotDialog({ api, server, onChanged, onClose }: DialogProps) {
  const [name, setName] = useState(`${server.name}-snapshot`);
  const [imageId, setImageId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const image = useLoad(
    async () => (imageId ? api.image('GET', `/v2/images/${imageId}`) : null),
    [imageId],
    imageId ? 1000 : undefined,
  );
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      const res = await api.compute<{ image_id?: string }>('POST', `/servers/${server.id}/action`, {
        createImage: { name },
      });
      onChanged();
      if (res?.image_id) setImageId(res.image_id);
      else onClose();
    } catch (err) {
      setError(faultMessage(err));
    }
  };
  const status: string | undefined = image.data?.status;
  return (
    <Modal title={`Snapshot of ${server.name}`} onClose={onClose}>
      <form onSubmit={submit}>
        <Field label="Snapshot name">
          <input required value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </Field>
        {imageId &&
          (status === 'active' ? (
            <output>Snapshot {name} is ready.</output>
          ) : (
            <Progress label={`Snapshot ${status ?? 'queued'}…`} value={status === 'saving' ? 50 : null} />
          ))}
        <ErrorNote error={error} />
        {!imageId && (
          <button type="submit" class="primary">
            Create snapshot
          </button>
        )}
      </form>
    </Modal>
  );
}

function DeleteDialog({ api, server, onChanged, onClose }: DialogProps) {
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    try {
      await api.compute('DELETE', `/servers/${server.id}`);
      onChanged();
      onClose();
    } catch (err) {
      setError(faultMessage(err));
    }
  };
  return (
    <Modal title={`Delete ${server.name}?`} onClose={onClose}>
      <p>The instance and its disks are deleted. This cannot be undone.</p>
      <ErrorNote error={error} />
      <div class="actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" class="danger" onClick={confirm}>
          Delete {server.name}
        </button>
      </div>
    </Modal>
  );
}
