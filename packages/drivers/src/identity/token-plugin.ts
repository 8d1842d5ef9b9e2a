/**
 * keystoneauth's `admin_token` (and here `token`) plugin: a fixed token sent
 * as is, no Keystone involved. With `endpoint_override` it is how clients
 * reach a service deployed with noauth2 (`token = admin`).
 */
import type { AuthPlugin } from './auth-plugin.js';

export class StaticTokenPlugin implements AuthPlugin {
  constructor(
    readonly name: 'admin_token' | 'token',
    readonly token: string,
  ) {}

  async getToken(): Promise<string> {
    return this.token;
  }

  async getAccess(): Promise<undefined> {
    return undefined;
  }

  /** A fixed token cannot be renewed: a 401 is final. */
  invalidate(): void {}
}
