/**
 * Hypervisors as placement sees them: capacity and usage per resource class
 * for each compute node's resource provider (bars), and a heat map across
 * hosts; refreshed every 2 s. Nova's os-hypervisors adds each host's state.
 */
import type { CloudApi } from '../api/cloud-api';
import { HeatMap, UsageBar } from '../components/charts';
import { useLoad } from '../components/hooks';
import { ErrorNote, Section } from '../components/ui';
import { type ProviderUsage, providerUsage, usedFraction } from '../state/provider-usage';

async function loadProviders(api: CloudApi): Promise<ProviderUsage[]> {
  const { resource_providers } = await api.placement<{
    resource_providers: { uuid: string; name: string }[];
  }>('/resource_providers');
  return Promise.all(
    resource_providers.map(async (rp) => {
      const [inv, use] = await Promise.all([
        api.placement(`/resource_providers/${rp.uuid}/inventories`),
        api.placement(`/resource_providers/${rp.uuid}/usages`),
      ]);
      return providerUsage(rp, inv.inventories, use.usages);
    }),
  ).then((list) => list.sort((a, b) => a.name.localeCompare(b.name)));
}

export function HypervisorsView({ api }: { api: CloudApi }) {
  const providers = useLoad(() => loadProviders(api), [], 2000);
  const hypervisors = useLoad(
    () => api.compute('GET', '/os-hypervisors/detail').then((r) => r.hypervisors as any[]),
    [],
    10000,
  );
  const list = providers.data ?? [];
  const classes = [...new Set(list.flatMap((p) => p.classes.map((c) => c.resourceClass)))].sort();
  const total = (rc: string) =>
    list.reduce(
      (acc, p) => {
        const c = p.classes.find((x) => x.resourceClass === rc);
        return c ? { used: acc.used + c.used, capacity: acc.capacity + c.capacity } : acc;
      },
      { used: 0, capacity: 0 },
    );
  return (
    <>
      <h1>Hypervisors</h1>
      <ErrorNote error={providers.error} />
      <Section title="Cloud total">
        <div class="bars" data-testid="cloud-usage">
          {classes.map((rc) => {
            const t = total(rc);
            return <UsageBar key={rc} label={rc} used={t.used} capacity={t.capacity} />;
          })}
        </div>
      </Section>
      <Section title="Usage heat map">
        <HeatMap
          rows={list.map((p) => p.name)}
          columns={classes}
          fraction={(row, col) => {
            const p = list.find((x) => x.name === row);
            return p ? usedFraction(p, col) : null;
          }}
        />
      </Section>
      <div class="host-grid">
        {list.map((p) => {
          const h = (hypervisors.data ?? []).find((x) => x.hypervisor_hostname === p.name);
          return (
            <Section key={p.uuid} title={p.name}>
              {h && (
                <p class="muted">
                  {h.state} / {h.status} · {h.hypervisor_type}
                </p>
              )}
              {p.classes.map((c) => (
                <UsageBar key={c.resourceClass} label={c.resourceClass} used={c.used} capacity={c.capacity} />
              ))}
            </Section>
          );
        })}
      </div>
    </>
  );
}
