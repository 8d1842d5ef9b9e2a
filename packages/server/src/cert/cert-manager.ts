/**
 * nova-cert's RPC endpoint on the `cert` topic (Nova's cert/manager.py,
 * RPC API 2.0): every method is a call answered from the CAs on disk.
 */
import type { RpcEndpoint } from '@novats/core';
import type { CertificateAuthority } from './certificate-authority.js';

export function certEndpoint(ca: CertificateAuthority): RpcEndpoint {
  return {
    generate_x509_cert: (_ctx, a: { user_id: string; project_id: string }) =>
      ca.generateX509Cert(a.user_id, a.project_id),
    fetch_ca: (_ctx, a: { project_id?: string | null }) => ca.fetchCa(a.project_id ?? null),
    fetch_crl: (_ctx, a: { project_id?: string | null }) => ca.fetchCrl(a.project_id ?? null),
    decrypt_text: (_ctx, a: { project_id: string; text: string }) => ca.decryptText(a.project_id, a.text),
    revoke_certs_by_user: (_ctx, a: { user_id: string }) => ca.revokeCertsByUser(a.user_id),
    revoke_certs_by_project: (_ctx, a: { project_id: string }) => ca.revokeCertsByProject(a.project_id),
    revoke_certs_by_user_and_project: (_ctx, a: { user_id: string; project_id: string }) =>
      ca.revokeCertsByUserAndProject(a.user_id, a.project_id),
  };
}
