/**
 * GET /os-console-auth-tokens/{console_token} (admin, Nova's
 * `ConsoleAuthTokensController.show`): the connection a live token opens,
 * searched in every cell. 404 "Token not found" when unknown, expired or
 * revoked; before 2.31 only rdp-html5 tokens are shown (401 otherwise).
 */
import { ConsoleAuthTokenNotFound, ConsoleTypeNotAccessible, InvalidInput } from '@novats/core';
import type { FastifyInstance } from 'fastify';
import type { ComputeApiDeps } from '../../compute-orchestration/compute-api-deps.js';
import { findConsoleAuthorization } from '../../consoleauth/console-authorizations.js';
import { requireAdmin } from './policy.js';
import { stateOf } from './request-state.js';

export function consoleAuthTokensRoutes(app: FastifyInstance, deps: ComputeApiDeps): void {
  app.get('/os-console-auth-tokens/:console_token', async (req) => {
    const s = stateOf(req);
    requireAdmin(s.ctx, 'os_compute_api:os-console-auth-tokens');
    const token = (req.params as { console_token: string }).console_token;
    if (!token) throw new InvalidInput('token not provided');
    const record = await findConsoleAuthorization(deps.cells, token, deps.clock.now());
    if (!record) throw new ConsoleAuthTokenNotFound();
    if (!s.version.atLeast(2, 31) && record.console_type !== 'rdp-html5')
      throw new ConsoleTypeNotAccessible();
    return {
      console: {
        instance_uuid: record.instance_uuid,
        host: record.host,
        port: record.port,
        internal_access_path: record.internal_access_path,
      },
    };
  });
}
