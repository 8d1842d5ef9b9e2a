/**
 * The list table every resource view shows: an error, an "empty" note, then
 * a table named by `label` with one `<th scope="col">` per column and,
 * optionally, an actions column whose header is for screen readers only.
 */
import type { ComponentChildren } from 'preact';
import { Empty, ErrorNote } from './ui';

export interface Column<T> {
  readonly header: string;
  cell(row: T): ComponentChildren;
  /** The cell's class (`mono`). */
  readonly class?: string;
}

export interface RowActions<T> {
  cell(row: T): ComponentChildren;
  /** `actions` lays the buttons out in a row. */
  readonly class?: string;
}

/** The header row: the column names, then the unnamed actions column when there is one. */
export function ListHead(props: { headers: readonly (string | false | undefined)[]; actions?: boolean }) {
  return (
    <thead>
      <tr>
        {props.headers.map(
          (h) =>
            h !== false &&
            h !== undefined && (
              <th key={h} scope="col">
                {h}
              </th>
            ),
        )}
        {props.actions && (
          <th scope="col">
            <span class="sr-only">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  );
}

export function ListTable<T>(props: {
  label: string;
  columns: readonly Column<T>[];
  rows: readonly T[] | null | undefined;
  rowKey(row: T): string | number;
  actions?: RowActions<T>;
  error?: string | null;
  /** Shown when the list loaded and is empty. */
  empty?: string;
}) {
  const { columns, actions } = props;
  return (
    <>
      <ErrorNote error={props.error} />
      {props.empty && props.rows?.length === 0 && <Empty>{props.empty}</Empty>}
      <table aria-label={props.label}>
        <ListHead headers={columns.map((c) => c.header)} actions={!!actions} />
        <tbody>
          {(props.rows ?? []).map((row) => (
            <tr key={props.rowKey(row)}>
              {columns.map((c) => (
                <td key={c.header} class={c.class}>
                  {c.cell(row)}
                </td>
              ))}
              {actions && <td class={actions.class}>{actions.cell(row)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
