/**
 * The launch dialog: name, flavor, image, key pair, server group (hidden when
 * the cloud has no os-server-groups), availability zone and count, validated
 * against the project's remaining quota before POST /servers.
 */
import { useState } from 'preact/hooks';
import { type CloudApi, faultMessage, isNotFound } from '../api/cloud-api';
import { useLoad } from '../components/hooks';
import { ErrorNote, Field, Modal } from '../components/ui';
import { headroomOf, type LaunchForm, launchBody, validateLaunch } from '../state/launch-form';

/** Lists that may be missing on a cloud (404: the extension is not deployed): an empty list and a flag. */
async function optional<T>(load: () => Promise<T[]>): Promise<T[] | null> {
  try {
    return await load();
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

export function LaunchDialog(props: { api: CloudApi; onClose(): void; onLaunched(): void }) {
  const { api } = props;
  const choices = useLoad(async () => {
    const [flavors, images, keypairs, groups, zones, limits] = await Promise.all([
      api.compute('GET', '/flavors/detail').then((r) => r.flavors as any[]),
      api.image('GET', '/v2/images', undefined, { status: 'active' }).then((r) => r.images as any[]),
      api.compute('GET', '/os-keypairs').then((r) => (r.keypairs as any[]).map((k) => k.keypair)),
      optional(() => api.compute('GET', '/os-server-groups').then((r) => r.server_groups as any[])),
      optional(() =>
        api
          .compute('GET', '/os-availability-zone')
          .then((r) => (r.availabilityZoneInfo as any[]).filter((z) => z.zoneState?.available)),
      ),
      api.compute('GET', '/limits').then((r) => r.limits.absolute as Record<string, number>),
    ]);
    return { flavors, images, keypairs, groups, zones, limits };
  }, []);
  const [form, setForm] = useState<LaunchForm>({
    name: '',
    flavorRef: '',
    imageRef: '',
    keyName: '',
    group: '',
    availabilityZone: '',
    count: '1',
  });
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const c = choices.data;
  const errors = c ? validateLaunch(form, c.flavors, headroomOf(c.limits)) : {};
  const set = (key: keyof LaunchForm) => (e: Event) =>
    setForm({ ...form, [key]: (e.target as HTMLInputElement | HTMLSelectElement).value });
  const submit = async (e: Event) => {
    e.preventDefault();
    setTouched(true);
    if (!c || Object.keys(errors).length) return;
    setBusy(true);
    setError(null);
    try {
      await api.compute('POST', '/servers', launchBody(form));
      props.onLaunched();
    } catch (err) {
      setError(faultMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const err = (k: string) => (touched ? errors[k] : undefined);
  return (
    <Modal title="Launch instance" onClose={props.onClose}>
      {!c ? (
        <>
          <ErrorNote error={choices.error} />
          {!choices.error && <p>Loading…</p>}
        </>
      ) : (
        <form onSubmit={submit} noValidate class="grid-form">
          <Field label="Name" error={err('name')}>
            <input name="name" value={form.name} onInput={set('name')} aria-invalid={Boolean(err('name'))} />
          </Field>
          <Field label="Flavor" error={err('flavorRef')}>
            <select name="flavor" value={form.flavorRef} onChange={set('flavorRef')}>
              <option value="">Choose…</option>
              {c.flavors.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name} ({f.vcpus} vCPU, {f.ram} MiB, {f.disk} GB)
                </option>
              ))}
            </select>
          </Field>
          <Field label="Image" error={err('imageRef')}>
            <select name="image" value={form.imageRef} onChange={set('imageRef')}>
              <option value="">Choose…</option>
              {c.images.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Key pair">
            <select name="keypair" value={form.keyName} onChange={set('keyName')}>
              <option value="">None</option>
              {c.keypairs.map((k) => (
                <option key={k.name}>{k.name}</option>
              ))}
            </select>
          </Field>
          {c.groups && (
            <Field label="Server group">
              <select name="group" value={form.group} onChange={set('group')}>
                <option value="">None</option>
                {c.groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name} ({g.policy ?? g.policies?.join(', ')})
                  </option>
                ))}
              </select>
            </Field>
          )}
          {c.zones && (
            <Field label="Availability zone">
              <select name="zone" value={form.availabilityZone} onChange={set('availabilityZone')}>
                <option value="">Any</option>
                {c.zones.map((z) => (
                  <option key={z.zoneName}>{z.zoneName}</option>
                ))}
              </select>
            </Field>
          )}
          <Field label="Count" error={err('count')}>
            <input name="count" type="number" min={1} value={form.count} onInput={set('count')} />
          </Field>
          <ErrorNote error={error} />
          <div class="actions">
            <button type="button" onClick={props.onClose}>
              Cancel
            </button>
            <button type="submit" class="primary" disabled={busy}>
              {busy ? 'Launching…' : 'Launch'}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
