/** The project's overview: usage against quota (GET /limits, absolute) as rings. */
import type { CloudApi } from '../api/cloud-api';
import { UsageRing } from '../components/charts';
import { useLoad } from '../components/hooks';
import { ErrorNote, Section } from '../components/ui';

export function OverviewView({ api }: { api: CloudApi }) {
  const limits = useLoad(
    () => api.compute<{ limits: { absolute: Record<string, number> } }>('GET', '/limits'),
    [],
    5000,
  );
  const a = limits.data?.limits.absolute;
  return (
    <>
      <h1>Overview: {api.auth.project.name}</h1>
      <ErrorNote error={limits.error} />
      <Section title="Usage against quota">
        {a ? (
          <div class="rings">
            <UsageRing label="Instances" used={a.totalInstancesUsed} limit={a.maxTotalInstances} />
            <UsageRing label="vCPUs" used={a.totalCoresUsed} limit={a.maxTotalCores} />
            <UsageRing label="RAM" used={a.totalRAMUsed} limit={a.maxTotalRAMSize} unit=" MiB" />
            <UsageRing
              label="Server groups"
              used={a.totalServerGroupsUsed ?? 0}
              limit={a.maxServerGroups ?? -1}
            />
          </div>
        ) : (
          <p>Loading…</p>
        )}
      </Section>
    </>
  );
}
