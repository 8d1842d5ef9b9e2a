/**
 * The fixed-width listing of `nova-manage cell list` (cells v1, Grizzly to
 * Stein): `%3s  %-10s  %-6s  %-10s  %-15s  %-5s  %-10s` with dash rules.
 */
export interface LegacyCellRow {
  readonly id: number;
  readonly name: string;
  readonly type: 'parent' | 'child';
  readonly username: string;
  readonly hostname: string;
  readonly port: string;
  readonly vhost: string;
}

const pad = (s: string, n: number, right = false) => (right ? s.padStart(n) : s.padEnd(n));

function row(cells: readonly string[]): string {
  const [id, name, type, user, host, port, vhost] = cells;
  return [
    pad(id, 3, true),
    pad(name, 10),
    pad(type, 6),
    pad(user, 10),
    pad(host, 15),
    pad(port, 5),
    pad(vhost, 10),
  ].join('  ');
}

export function legacyCellTable(cells: readonly LegacyCellRow[]): string {
  const dashes = row([
    '---',
    '-'.repeat(10),
    '-'.repeat(6),
    '-'.repeat(10),
    '-'.repeat(15),
    '-'.repeat(5),
    '-'.repeat(10),
  ]);
  const lines = [row(['Id', 'Name', 'Type', 'Username', 'Hostname', 'Port', 'VHost']), dashes];
  for (const c of cells)
    lines.push(row([String(c.id), c.name, c.type, c.username, c.hostname, c.port, c.vhost]));
  lines.push(dashes);
  return lines.join('\n');
}
