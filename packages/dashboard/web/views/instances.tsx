/** The instances view: live table with filters and paging, the launch dialog, row actions. */
import { useMemo, useState } from 'preact/hooks';
import type { CloudApi } from '../api/cloud-api';
import { ErrorNote, Section } from '../components/ui';
import { filterServers, pageOf } from '../state/instance-list';
import { InstanceTable } from './instance-table';
import { LaunchDialog } from './launch-dialog';
import { ServerActions } from './server-actions';
import { useServerList } from './server-list-hook';

const STATUSES = [
  'ACTIVE',
  'BUILD',
  'SHUTOFF',
  'PAUSED',
  'SUSPENDED',
  'SHELVED_OFFLOADED',
  'VERIFY_RESIZE',
  'RESIZE',
  'ERROR',
];

export function InstancesView({ api, allTenants = false }: { api: CloudApi; allTenants?: boolean }) {
  const { servers, error, refresh } = useServerList(api, allTenants);
  const [text, setText] = useState('');
  const [status, setStatus] = useState('');
  const [page, setPage] = useState(0);
  const [size, setSize] = useState(20);
  const [openId, setOpenId] = useState<string | null>(null);
  const [launching, setLaunching] = useState(false);
  const filtered = useMemo(() => filterServers(servers ?? [], { text, status }), [servers, text, status]);
  const shown = pageOf(filtered, page, size);
  const base = allTenants ? 'admin/instances' : 'project/instances';
  return (
    <>
      <h1>{allTenants ? 'All instances' : 'Instances'}</h1>
      <Section
        title={`${filtered.length} instance(s)`}
        actions={
          !allTenants && (
            <button type="button" class="primary" onClick={() => setLaunching(true)}>
              Launch instance
            </button>
          )
        }
      >
        <div class="filters">
          <label>
            <span>Filter</span>
            <input
              type="search"
              placeholder="name, id or address"
              value={text}
              onInput={(e) => {
                setText((e.target as HTMLInputElement).value);
                setPage(0);
              }}
            />
          </label>
          <label>
            <span>Status</span>
            <select
              value={status}
              onChange={(e) => {
                setStatus((e.target as HTMLSelectElement).value);
                setPage(0);
              }}
            >
              <option value="">Any</option>
              {STATUSES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label>
            <span>Per page</span>
            <select value={size} onChange={(e) => setSize(Number((e.target as HTMLSelectElement).value))}>
              {[20, 50, 100, 1000].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        </div>
        <ErrorNote error={error} />
        {servers === null ? (
          <p>Loading…</p>
        ) : (
          <div class="table-wrap">
            <InstanceTable
              servers={shown.items}
              showProject={allTenants}
              detailBase={base}
              openId={openId}
              onToggle={(id) => setOpenId(openId === id ? null : id)}
              renderActions={(s) => <ServerActions api={api} server={s} onChanged={refresh} compact />}
            />
          </div>
        )}
        <nav class="pager" aria-label="Pages">
          <button type="button" disabled={shown.page === 0} onClick={() => setPage(shown.page - 1)}>
            Previous
          </button>
          <span>
            Page {shown.page + 1} of {shown.pages}
          </span>
          <button
            type="button"
            disabled={shown.page >= shown.pages - 1}
            onClick={() => setPage(shown.page + 1)}
          >
            Next
          </button>
        </nav>
      </Section>
      {launching && (
        <LaunchDialog
          api={api}
          onClose={() => setLaunching(false)}
          onLaunched={() => {
            setLaunching(false);
            refresh();
          }}
        />
      )}
    </>
  );
}
