/**
 * A token as the identity service knows it once validated: its stored row
 * and everything its body shows (user and domain, scope, roles), loaded
 * fresh from the tables, so that a disabled user, a deleted project or a
 * removed role ends the token's validity at once.
 */
import type { AppCredentialRow, DomainRow, ProjectRow, RoleRow, TokenRow, UserRow } from '@novats/drivers';

export interface TokenModel {
  /** The token string (X-Subject-Token). */
  readonly token: string;
  readonly row: TokenRow;
  readonly user: UserRow;
  readonly userDomain: DomainRow;
  readonly project: ProjectRow | null;
  readonly projectDomain: DomainRow | null;
  readonly domain: DomainRow | null;
  readonly system: boolean;
  readonly roles: readonly RoleRow[];
  readonly methods: readonly string[];
  readonly appCred: AppCredentialRow | null;
}

/** Keystone's timestamp format: microseconds and a Z (`2026-11-30T06:00:00.000000Z`). */
export function keystoneTime(iso: string): string {
  return `${iso.slice(0, 19)}.${iso.slice(20, 23).padEnd(6, '0')}Z`;
}

export function roleNames(model: TokenModel): string[] {
  return model.roles.map((r) => r.name);
}
