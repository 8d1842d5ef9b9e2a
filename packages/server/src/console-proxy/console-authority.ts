/**
 * How a proxy asks whether a token is good: nova-consoleauth's
 * `check_token` over RPC in a deployment, or any function with the same
 * answer (tests, embedding code).
 */
import type { Transport } from '@novats/core';
import { adminContext } from '@novats/core';
import { ConsoleAuthRpcApi, type ConsoleConnection } from '../consoleauth/consoleauth-rpcapi.js';

/** Resolves the connection a token opens, or null. Never logs the token. */
export type ConsoleAuthority = (token: string) => Promise<ConsoleConnection | null>;

/** nova-consoleauth's `check_token`, asked as the admin context the proxies use. */
export function consoleAuthorityOverRpc(
  transport: Transport,
  timeoutMs: number,
  name: string,
): ConsoleAuthority {
  const rpc = new ConsoleAuthRpcApi(transport, timeoutMs);
  return (token) => rpc.checkToken(adminContext(`req-${name}`), token);
}
