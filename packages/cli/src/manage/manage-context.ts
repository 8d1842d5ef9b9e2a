/**
 * What every nova-manage command needs: the options of the operator's
 * nova.conf, output streams, and database openers (injectable for tests).
 */
import type { ApiDatabase, CellDatabase } from '@novats/core';

export interface ManageConfig {
  /** The raw option value after interpolation, or undefined when unset. */
  opt(group: string, name: string): string | undefined;
}

export interface ManageContext {
  readonly config: ManageConfig;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly openApi: (url: string) => Promise<ApiDatabase>;
  readonly openCell: (url: string) => Promise<CellDatabase>;
  readonly syncApi: (url: string) => Promise<unknown>;
  readonly syncCell: (url: string) => Promise<unknown>;
  /** Migrates the placement schema (and its standard data) at a connection URL. */
  readonly syncPlacement: (url: string) => Promise<unknown>;
  readonly apiVersion: (url: string) => Promise<string>;
  readonly cellVersion: (url: string) => Promise<string>;
}

/** `[api_database] connection`, or a clear error telling the operator what to set. */
export function apiConnection(ctx: ManageContext): string {
  const url = ctx.config.opt('api_database', 'connection');
  if (!url)
    throw new ManageError(
      '[api_database] connection is not set in the configuration file; set it to the nova_api database URL.',
      1,
    );
  return url;
}

export class ManageError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export async function withApi<T>(ctx: ManageContext, fn: (api: ApiDatabase) => Promise<T>): Promise<T> {
  const api = await ctx.openApi(apiConnection(ctx));
  try {
    return await fn(api);
  } finally {
    await api.close();
  }
}
