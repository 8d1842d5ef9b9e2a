/**
 * GET /os-console-auth-tokens/{console_token} (admin, Nova's
 * `ConsoleAuthTokensController.show`): the connection a live token opens,
 * searched in every cell. 404 "Token not found" when unknown, expired or
 * revoked; before 2.31 only rdp-html5 tokens are shown (401 otherwise).
 */
import { ConsoleAuthTokenNotFound, ConsoleTypeNotAccessible, InvalidInput } from '@novats/core';
import { findConsoleAuthorization } from '../../consoleauth/console-authorizations.js';
import type { ComputeRoute } from './route-table.js';

export const CONSOLE_AUTH_TOKENS_ROUTES: readonly ComputeRoute[] = [
  {
    method: 'GET',
    path: '/os-console-auth-tokens/:console_token',
    policy: 'os_compute_api:os-console-auth-tokens',
    summary: 'The connection a console token opens (admin; rdp-html5 only before 2.31)',
    async handler(r) {
      const token = r.params.console_token;
      if (!token) throw new InvalidInput('token not provided');
      const record = await findConsoleAuthorization(r.deps.cells, token, r.deps.clock.now());
      if (!record) throw new ConsoleAuthTokenNotFound();
      if (!r.version.atLeast(2, 31) && record.console_type !== 'rdp-html5')
        throw new ConsoleTypeNotAccessible();
      return {
        body: {
          console: {
            instance_uuid: record.instance_uuid,
            host: record.host,
            port: record.port,
            internal_access_path: record.internal_access_path,
          },
        },
      };
    },
  },
];
