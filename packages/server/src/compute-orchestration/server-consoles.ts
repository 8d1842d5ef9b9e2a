/**
 * Remote consoles of the compute API (Nova's `compute/api.py`
 * `get_vnc_console` and friends): the instance must have a host and not be
 * deleting or migrating (core's `getConsole` rule); its host says where the
 * console is; the API then authorizes a token in the instance's cell for
 * `[consoleauth] token_ttl` and answers the access URL of the console type.
 */
import type { RequestContext } from '@novats/core';
import { assertTransition, ConsoleNotSupported, InstanceNotReady } from '@novats/core';
import { consoleAccessUrl } from '../consoleauth/console-access-url.js';
import { authorizeConsole } from '../consoleauth/console-authorizations.js';
import type { ConsoleType } from '../consoleauth/console-settings.js';
import type { RemoteConsoleProtocol } from '../rpc/compute-console-rpcapi.js';
import type { ComputeApiDeps } from './compute-api-deps.js';
import { getServer } from './server-query.js';

export async function getRemoteConsole(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  protocol: RemoteConsoleProtocol,
  consoleType: string,
): Promise<{ url: string }> {
  const found = await getServer(deps, ctx, uuid);
  assertTransition(found.instance, 'getConsole', { isAdmin: ctx.is_admin });
  const host = found.instance.host;
  if (!host || found.cell_uuid === null) throw new InstanceNotReady(uuid);
  if (!deps.consoles) throw new ConsoleNotSupported();
  const { rpc, settings } = deps.consoles;
  const info = await rpc.getConsole(ctx, host, protocol, {
    instance: found.instance,
    console_type: consoleType,
  });
  const cell = await deps.cells.get(found.cell_uuid);
  const base = settings.baseUrls[consoleType as ConsoleType];
  const token = await authorizeConsole(
    cell.consoleAuthTokens,
    {
      console_type: consoleType,
      host: info.host,
      port: info.port,
      internal_access_path: info.internal_access_path,
      instance_uuid: uuid,
      access_url_base: base,
    },
    deps.clock.now(),
    settings.tokenTtl,
  );
  return { url: consoleAccessUrl(consoleType, base, token) };
}
