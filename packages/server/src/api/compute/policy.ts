/**
 * The default policy of the routes served so far (Nova Zed defaults with
 * `enforce_new_defaults` off: admin, or any role in the owning project).
 */
import type { RequestContext } from '@novats/core';
import { Forbidden } from '@novats/core';

export function requireAdmin(ctx: RequestContext, rule: string): void {
  if (!ctx.is_admin) throw new Forbidden(`Policy doesn't allow ${rule} to be performed.`);
}
