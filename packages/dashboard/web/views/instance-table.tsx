/**
 * The instances table: one row per server with its status (a progress bar
 * while a task runs), flavor, addresses and host; a row's actions open under
 * it. Rendering is kept cheap (no per-row state, actions built on demand) so
 * that 1,000 rows render in well under 200 ms.
 */
import type { ComponentChildren } from 'preact';
import { ListHead } from '../components/list-table';
import { Progress } from '../components/ui';
import type { Server } from '../state/instance-list';

export function statusCell(s: Server): ComponentChildren {
  const task = s['OS-EXT-STS:task_state'];
  if (task || s.status === 'BUILD') {
    const value = s.progress && s.progress > 0 ? s.progress : null;
    return <Progress value={value} label={`${s.status} (${task ?? 'building'})`} />;
  }
  return <span class={`status status-${s.status.toLowerCase()}`}>{s.status}</span>;
}

function addresses(s: Server): string {
  return Object.values(s.addresses ?? {})
    .flatMap((a) => a.map((x) => x.addr))
    .join(', ');
}

export function InstanceTable(props: {
  servers: readonly Server[];
  showProject?: boolean;
  detailBase: string;
  openId?: string | null;
  onToggle?(id: string): void;
  renderActions?(s: Server): ComponentChildren;
}) {
  const columns = props.showProject ? 8 : 7;
  return (
    <table class="instances" aria-label="Instances">
      <ListHead
        headers={['Name', props.showProject && 'Project', 'Status', 'Flavor', 'Addresses', 'Host', 'Zone']}
        actions
      />
      <tbody>
        {props.servers.map((s) => [
          <tr key={s.id} data-status={s.status} data-name={s.name}>
            <td>
              <a href={`#/${props.detailBase}/${s.id}`}>{s.name}</a>
            </td>
            {props.showProject && <td class="mono">{s.tenant_id}</td>}
            <td>{statusCell(s)}</td>
            <td>{s.flavor?.original_name ?? s.flavor?.id ?? ''}</td>
            <td>{addresses(s)}</td>
            <td>{s['OS-EXT-SRV-ATTR:host'] ?? ''}</td>
            <td>{s['OS-EXT-AZ:availability_zone'] ?? ''}</td>
            <td>
              {props.onToggle && (
                <button
                  type="button"
                  class="ghost"
                  aria-expanded={props.openId === s.id}
                  aria-label={`Actions for ${s.name}`}
                  onClick={() => props.onToggle?.(s.id)}
                >
                  Actions ▾
                </button>
              )}
            </td>
          </tr>,
          props.openId === s.id && props.renderActions ? (
            <tr key={`${s.id}-actions`} class="row-actions">
              <td colSpan={columns}>{props.renderActions(s)}</td>
            </tr>
          ) : null,
        ])}
      </tbody>
    </table>
  );
}
