/**
 * The instances table: one row per server with its status (a progress bar
 * while a task runs), flavor, addresses and host; a row's actions open under
 * it. Rows have one fixed height, so that a list longer than 50 renders
 * only the rows around the viewport (components/row-window.ts) between
 * spacers: 1,000 rows render in the time of about fifty.
 */
import type { ComponentChildren } from 'preact';
import { ListHead } from '../components/list-table';
import { useRowWindow } from '../components/row-window';
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
  const { servers } = props;
  const { body, first, end, rowPx } = useRowWindow(servers.length);
  const rows: ComponentChildren[] = [];
  for (let i = first; i < end; i++) {
    const s = servers[i];
    rows.push(
      <tr key={s.id} data-status={s.status} data-name={s.name} aria-rowindex={i + 2}>
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
    );
    if (props.openId === s.id && props.renderActions)
      rows.push(
        <tr key={`${s.id}-actions`} class="row-actions">
          <td colSpan={columns}>{props.renderActions(s)}</td>
        </tr>,
      );
  }
  return (
    // aria-rowcount: assistive technology hears the whole list's length, not the window's.
    <table
      class={`instances${props.showProject ? ' with-project' : ''}`}
      aria-label="Instances"
      aria-rowcount={servers.length + 1}
    >
      <ListHead
        headers={['Name', props.showProject && 'Project', 'Status', 'Flavor', 'Addresses', 'Host', 'Zone']}
        actions
      />
      <tbody ref={body}>
        <Spacer key="above" rows={first} rowPx={rowPx} columns={columns} />
        {rows}
        <Spacer key="below" rows={servers.length - end} rowPx={rowPx} columns={columns} />
      </tbody>
    </table>
  );
}

/** The height of the rows not rendered, so that the scroll bar stays true. */
function Spacer(props: { rows: number; rowPx: number; columns: number }) {
  if (props.rows <= 0) return null;
  return (
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an empty row (nothing in it can take focus) that is only height.
    <tr aria-hidden="true" class="spacer">
      <td colSpan={props.columns} style={{ height: `${props.rows * props.rowPx}px` }} />
    </tr>
  );
}
