/** Client side of nova-cert's RPC interface (Nova's cert/rpcapi.py): calls on the `cert` topic. */
import type { RequestContext, Transport } from '@novats/core';
import { Topic } from './topics.js';

export class CertRpcApi {
  constructor(
    private readonly transport: Transport,
    private readonly timeoutMs = 60_000,
  ) {}

  #call<T>(ctx: RequestContext, method: string, args: Record<string, unknown>): Promise<T> {
    return this.transport.call(ctx, { topic: Topic.CERT }, method, args, { timeoutMs: this.timeoutMs });
  }

  /** [private key PEM, certificate PEM] for a new user certificate. */
  generateX509Cert(ctx: RequestContext, userId: string, projectId: string): Promise<[string, string]> {
    return this.#call(ctx, 'generate_x509_cert', { user_id: userId, project_id: projectId });
  }

  fetchCa(ctx: RequestContext, projectId: string | null): Promise<string> {
    return this.#call(ctx, 'fetch_ca', { project_id: projectId });
  }

  fetchCrl(ctx: RequestContext, projectId: string | null): Promise<string> {
    return this.#call(ctx, 'fetch_crl', { project_id: projectId });
  }

  decryptText(ctx: RequestContext, projectId: string, text: string): Promise<string> {
    return this.#call(ctx, 'decrypt_text', { project_id: projectId, text });
  }

  revokeCertsByUser(ctx: RequestContext, userId: string): Promise<number> {
    return this.#call(ctx, 'revoke_certs_by_user', { user_id: userId });
  }

  revokeCertsByProject(ctx: RequestContext, projectId: string): Promise<number> {
    return this.#call(ctx, 'revoke_certs_by_project', { project_id: projectId });
  }

  revokeCertsByUserAndProject(ctx: RequestContext, userId: string, projectId: string): Promise<number> {
    return this.#call(ctx, 'revoke_certs_by_user_and_project', { user_id: userId, project_id: projectId });
  }
}
