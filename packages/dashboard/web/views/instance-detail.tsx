/**
 * One instance: its state (live, every 2 s), fault, actions, console log
 * (os-getConsoleOutput), action history (os-instance-actions) and the VNC
 * console in an embedded noVNC frame (remote-consoles: nova-novncproxy's URL).
 */
import { useState } from 'preact/hooks';
import { type CloudApi, faultMessage } from '../api/cloud-api';
import { useLoad } from '../components/hooks';
import { ErrorNote, Section } from '../components/ui';
import type { Server } from '../state/instance-list';
import { statusCell } from './instance-table';
import { go } from './route';
import { ServerActions } from './server-actions';

type Tab = 'log' | 'actions' | 'console';

export function InstanceDetail({ api, id }: { api: CloudApi; id: string }) {
  const server = useLoad(
    () => api.compute<{ server: Server }>('GET', `/servers/${id}`).then((r) => r.server),
    [id],
    2000,
  );
  const [tab, setTab] = useState<Tab>('log');
  const s = server.data;
  if (server.errorStatus === 404)
    return (
      <Section title="Instance not found">
        <p>The instance is gone.</p>
        <button type="button" onClick={() => go('project/instances')}>
          Back to instances
        </button>
      </Section>
    );
  if (!s) return <ErrorNote error={server.error} />;
  return (
    <>
      <h1>
        Instance {s.name} <small class="muted mono">{s.id}</small>
      </h1>
      <ErrorNote error={server.error} />
      <Section title="State">
        <dl class="facts">
          <dt>Status</dt>
          <dd data-testid="detail-status">{statusCell(s)}</dd>
          <dt>Power / task</dt>
          <dd>
            {s['OS-EXT-STS:vm_state']} / {s['OS-EXT-STS:task_state'] ?? 'none'}
          </dd>
          <dt>Flavor</dt>
          <dd>
            {s.flavor?.original_name} ({s.flavor?.vcpus} vCPU, {s.flavor?.ram} MiB)
          </dd>
          <dt>Host</dt>
          <dd>{s['OS-EXT-SRV-ATTR:host'] ?? '–'}</dd>
          <dt>Key pair</dt>
          <dd>{s.key_name ?? '–'}</dd>
          <dt>Created</dt>
          <dd>{s.created}</dd>
        </dl>
        {s.fault && (
          <p class="error" role="alert">
            Fault {s.fault.code}: {s.fault.message}
          </p>
        )}
        <ServerActions api={api} server={s} onChanged={server.reload} />
      </Section>
      <div class="tabs" role="tablist" aria-label="Instance details">
        {(
          [
            ['log', 'Console log'],
            ['actions', 'Action history'],
            ['console', 'Console'],
          ] as const
        ).map(([t, label]) => (
          <button type="button" role="tab" key={t} aria-selected={tab === t} onClick={() => setTab(t)}>
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === 'log' && <ConsoleLog api={api} id={id} />}
        {tab === 'actions' && <ActionHistory api={api} id={id} />}
        {tab === 'console' && <VncConsole api={api} id={id} />}
      </div>
    </>
  );
}

function ConsoleLog({ api, id }: { api: CloudApi; id: string }) {
  const log = useLoad(
    () =>
      api
        .compute<{ output: string }>('POST', `/servers/${id}/action`, {
          'os-getConsoleOutput': { length: 100 },
        })
        .then((r) => r.output),
    [id],
  );
  return (
    <Section
      title="Console log"
      actions={
        <button type="button" onClick={log.reload}>
          Refresh
        </button>
      }
    >
      <ErrorNote error={log.error} />
      <pre class="console-log">{log.data ?? 'Loading…'}</pre>
    </Section>
  );
}

function ActionHistory({ api, id }: { api: CloudApi; id: string }) {
  const actions = useLoad(
    () => api.compute('GET', `/servers/${id}/os-instance-actions`).then((r) => r.instanceActions as any[]),
    [id],
    5000,
  );
  return (
    <Section title="Action history">
      <ErrorNote error={actions.error} />
      <table aria-label="Action history">
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Started</th>
            <th scope="col">Request</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {(actions.data ?? []).map((a) => (
            <tr key={a.request_id}>
              <td>{a.action}</td>
              <td>{a.start_time}</td>
              <td class="mono">{a.request_id}</td>
              <td>{a.message ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

function VncConsole({ api, id }: { api: CloudApi; id: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const open = async () => {
    try {
      const r = await api.compute('POST', `/servers/${id}/remote-consoles`, {
        remote_console: { protocol: 'vnc', type: 'novnc' },
      });
      setUrl(r.remote_console.url);
    } catch (err) {
      setError(faultMessage(err));
    }
  };
  return (
    <Section
      title="VNC console"
      actions={
        <button type="button" class="primary" onClick={open}>
          {url ? 'Reconnect' : 'Open console'}
        </button>
      }
    >
      <ErrorNote error={error} />
      {url && (
        <>
          <iframe class="vnc" title="VNC console" src={url} />
          <p>
            <a href={url} target="_blank" rel="noopener">
              Open in a new window
            </a>
          </p>
        </>
      )}
    </Section>
  );
}
