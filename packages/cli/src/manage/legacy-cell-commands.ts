/**
 * `nova-manage cell create|list|delete`: the cells v1 commands (Grizzly to
 * Stein) that older install guides use. The cell's broker is stored as a
 * transport URL and shown again as username, hostname, port and vhost.
 */

import { legacyCellTable } from './legacy-cell-table.js';
import { type ManageContext, withApi } from './manage-context.js';

export interface LegacyCellCreateOptions {
  readonly name?: string;
  readonly cellType?: string;
  readonly username?: string;
  readonly password?: string;
  readonly hostname?: string;
  readonly port?: string;
  readonly virtualHost?: string;
  readonly woffset?: string;
  readonly wscale?: string;
  readonly brokerHosts?: string;
}

export function legacyTransportUrl(o: LegacyCellCreateOptions): string {
  const auth = `${encodeURIComponent(o.username ?? '')}:${encodeURIComponent(o.password ?? '')}@`;
  const hosts = o.brokerHosts
    ? o.brokerHosts.split(',').map((h) => `${auth}${h.trim()}`)
    : [`${auth}${o.hostname ?? ''}:${o.port ?? ''}`];
  return `rabbit://${hosts.join(',')}/${o.virtualHost ?? ''}`;
}

export async function legacyCellCreate(ctx: ManageContext, o: LegacyCellCreateOptions): Promise<number> {
  const type = o.cellType;
  if (type !== 'parent' && type !== 'child' && type !== 'api' && type !== 'compute') {
    ctx.out("Error: cell type must be 'parent'/'api' or 'child'/'compute'");
    return 2;
  }
  if (!o.name) {
    ctx.out('Error: --name is required.');
    return 2;
  }
  const woffset = Number(o.woffset);
  const wscale = Number(o.wscale);
  if (o.woffset === undefined || o.wscale === undefined || Number.isNaN(woffset) || Number.isNaN(wscale)) {
    ctx.out('Error: --woffset and --wscale must be numbers, e.g. --woffset 1.0 --wscale 1.0');
    return 2;
  }
  return withApi(ctx, async (api) => {
    if (!api.legacyCells)
      throw new Error('this API database has no cells table; run "nova-manage api_db sync" first');
    await api.legacyCells.create({
      name: o.name!,
      is_parent: type === 'parent' || type === 'api',
      weight_offset: woffset,
      weight_scale: wscale,
      transport_url: legacyTransportUrl(o),
    });
    return 0;
  });
}

function brokerParts(url: string): { username: string; hostname: string; port: string; vhost: string } {
  try {
    const first = url.replace(/^([a-z]+:\/\/)([^,/]*)(,[^/]*)?/, '$1$2');
    const u = new URL(first.replace(/^[a-z]+:/, 'http:'));
    return {
      username: decodeURIComponent(u.username),
      hostname: u.hostname,
      port: u.port,
      vhost: decodeURIComponent(u.pathname.replace(/^\//, '')),
    };
  } catch {
    return { username: '', hostname: '', port: '', vhost: '' };
  }
}

export async function legacyCellList(ctx: ManageContext): Promise<number> {
  return withApi(ctx, async (api) => {
    const cells = api.legacyCells ? await api.legacyCells.list() : [];
    ctx.out(
      legacyCellTable(
        cells.map((c) => ({
          id: c.id,
          name: c.name,
          type: c.is_parent ? 'parent' : 'child',
          ...brokerParts(c.transport_url ?? ''),
        })),
      ),
    );
    return 0;
  });
}

export async function legacyCellDelete(ctx: ManageContext, name: string | undefined): Promise<number> {
  if (!name) {
    ctx.out('Error: --cell_name is required.');
    return 2;
  }
  return withApi(ctx, async (api) => {
    const removed = api.legacyCells ? await api.legacyCells.delete(name) : false;
    if (!removed) {
      ctx.out(`Cell ${name} does not exist.`);
      return 1;
    }
    return 0;
  });
}
