/**
 * Quotas per project: os-quota-sets (limits and use, editable) where the cloud
 * has it; otherwise the project's absolute limits (GET /limits?tenant_id=),
 * read only.
 */
import { useState } from 'preact/hooks';
import type { CloudApi } from '../api/cloud-api';
import { UsageRing } from '../components/charts';
import { useAction, useLoad } from '../components/hooks';
import { ErrorNote, Field, Section } from '../components/ui';

interface QuotaView {
  readonly source: 'os-quota-sets' | 'limits';
  readonly instances: { used: number; limit: number };
  readonly cores: { used: number; limit: number };
  readonly ram: { used: number; limit: number };
}

async function loadQuota(api: CloudApi, project: string): Promise<QuotaView> {
  try {
    const { quota_set: q } = await api.compute('GET', `/os-quota-sets/${project}/detail`);
    const pick = (k: string) => ({ used: q[k].in_use, limit: q[k].limit });
    return { source: 'os-quota-sets', instances: pick('instances'), cores: pick('cores'), ram: pick('ram') };
  } catch (err) {
    if ((err as { status?: number }).status !== 404) throw err;
  }
  const { limits } = await api.compute('GET', '/limits', undefined, { tenant_id: project });
  const a = limits.absolute;
  return {
    source: 'limits',
    instances: { used: a.totalInstancesUsed, limit: a.maxTotalInstances },
    cores: { used: a.totalCoresUsed, limit: a.maxTotalCores },
    ram: { used: a.totalRAMUsed, limit: a.maxTotalRAMSize },
  };
}

export function QuotasView({ api }: { api: CloudApi }) {
  const projects = useLoad(
    () =>
      api.auth.noauth
        ? Promise.resolve([api.auth.project])
        : api.identity('/projects').then((r) => r.projects as { id: string; name: string }[]),
    [],
  );
  const [project, setProject] = useState(api.auth.project.id);
  const quota = useLoad(() => loadQuota(api, project), [project]);
  const action = useAction();
  const [edit, setEdit] = useState({ instances: '', cores: '', ram: '' });
  const q = quota.data;
  const save = (e: Event) => {
    e.preventDefault();
    const body: Record<string, number> = {};
    for (const [k, v] of Object.entries(edit)) if (v !== '') body[k] = Number(v);
    action.run(() => api.compute('PUT', `/os-quota-sets/${project}`, { quota_set: body }).then(quota.reload));
  };
  return (
    <>
      <h1>Quotas</h1>
      <Section title="Project">
        <label class="field">
          <span>Project</span>
          <select value={project} onChange={(e) => setProject((e.target as HTMLSelectElement).value)}>
            {(projects.data ?? [api.auth.project]).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <ErrorNote error={projects.error ?? quota.error} />
        {q && (
          <>
            <div class="rings">
              <UsageRing label="Instances" used={q.instances.used} limit={q.instances.limit} />
              <UsageRing label="vCPUs" used={q.cores.used} limit={q.cores.limit} />
              <UsageRing label="RAM" used={q.ram.used} limit={q.ram.limit} unit=" MiB" />
            </div>
            {q.source === 'limits' ? (
              <p class="muted">This cloud has no os-quota-sets: the project's absolute limits are shown.</p>
            ) : (
              <form class="inline-form" onSubmit={save}>
                {(['instances', 'cores', 'ram'] as const).map((k) => (
                  <Field key={k} label={`New ${k} limit`}>
                    <input
                      type="number"
                      min={-1}
                      placeholder={String(q[k].limit)}
                      value={edit[k]}
                      onInput={(e) => setEdit({ ...edit, [k]: (e.target as HTMLInputElement).value })}
                    />
                  </Field>
                ))}
                <button type="submit" class="primary">
                  Save quotas
                </button>
              </form>
            )}
            <ErrorNote error={action.error} />
          </>
        )}
      </Section>
    </>
  );
}
