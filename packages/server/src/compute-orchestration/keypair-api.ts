/**
 * Key pairs (Nova's compute/api.py KeypairAPI): import an SSH public key or
 * an X509 certificate, or generate an SSH key or (as Nova's crypto does) a
 * self-signed WinRM x509 certificate (the private key is returned once,
 * never stored). Names are per user, within the user's `key_pairs` quota.
 */
import { createHash, createPublicKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import type { KeyPair, KeyPairType, RequestContext } from '@novats/core';
import { Conflict, InvalidInput, KeypairLimitExceeded, NotFound } from '@novats/core';
import { generateWinrmCertificate } from '../cert/winrm-certificate.js';
import type { ComputeApiDeps } from './compute-api-deps.js';
import { keyPairsFit, withQuotaLock } from './quota-engine.js';

function sshString(buf: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(buf.length);
  return Buffer.concat([len, buf]);
}

/** An RSA key's public half in OpenSSH's `ssh-rsa AAAA...` form. */
function opensshPublicKey(pem: string, comment: string): string {
  const jwk = createPublicKey(pem).export({ format: 'jwk' }) as { n: string; e: string };
  const mpint = (b64url: string) => {
    const raw = Buffer.from(b64url, 'base64url');
    return sshString(raw[0] & 0x80 ? Buffer.concat([Buffer.from([0]), raw]) : raw);
  };
  const blob = Buffer.concat([sshString(Buffer.from('ssh-rsa')), mpint(jwk.e), mpint(jwk.n)]);
  return `ssh-rsa ${blob.toString('base64')} ${comment}`;
}

/** Nova's SSH fingerprint: MD5 of the key blob, colon-separated hex. */
export function sshFingerprint(publicKey: string): string {
  const parts = publicKey.trim().split(/\s+/);
  const known = [
    'ssh-rsa',
    'ssh-dss',
    'ssh-ed25519',
    'ecdsa-sha2-nistp256',
    'ecdsa-sha2-nistp384',
    'ecdsa-sha2-nistp521',
  ];
  if (parts.length < 2 || !known.includes(parts[0]))
    throw new InvalidInput('Keypair data is invalid: failed to generate fingerprint');
  const blob = Buffer.from(parts[1], 'base64');
  if (blob.length < 16 || blob.toString('base64').replace(/=+$/, '') !== parts[1].replace(/=+$/, '')) {
    throw new InvalidInput('Keypair data is invalid: failed to generate fingerprint');
  }
  return createHash('md5').update(blob).digest('hex').match(/../g)!.join(':');
}

/** Nova's X509 fingerprint: SHA-1 of the DER certificate, colon-separated hex. */
function x509Fingerprint(pem: string): string {
  try {
    return new X509Certificate(pem).fingerprint.toLowerCase();
  } catch {
    throw new InvalidInput('Keypair data is invalid: failed to generate fingerprint');
  }
}

export async function listKeyPairs(deps: ComputeApiDeps, userId: string): Promise<KeyPair[]> {
  return deps.api.keyPairs.list(userId);
}

export async function getKeyPair(deps: ComputeApiDeps, userId: string, name: string): Promise<KeyPair> {
  const found = await deps.api.keyPairs.get(userId, name);
  if (!found) throw new NotFound(`Keypair ${name} not found for user ${userId}`);
  return found;
}

export async function deleteKeyPair(deps: ComputeApiDeps, userId: string, name: string): Promise<void> {
  if (!(await deps.api.keyPairs.delete(userId, name))) {
    throw new NotFound(`Keypair ${name} not found for user ${userId}`);
  }
}

/** Imports `publicKey`, or generates a key of `type` when it is absent; resolves the pair and any private key. */
export async function createKeyPair(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  req: { userId: string; name: string; type: KeyPairType; publicKey?: string },
): Promise<{ keyPair: KeyPair; privateKey?: string }> {
  return withQuotaLock(deps, `user:${req.userId}`, async () => {
    if (!(await keyPairsFit(deps, ctx, req.userId))) throw new KeypairLimitExceeded();
    if (await deps.api.keyPairs.get(req.userId, req.name)) {
      throw new Conflict(`Key pair '${req.name}' already exists.`);
    }
    return importOrGenerate(deps, req);
  });
}

async function importOrGenerate(
  deps: ComputeApiDeps,
  req: { userId: string; name: string; type: KeyPairType; publicKey?: string },
): Promise<{ keyPair: KeyPair; privateKey?: string }> {
  let publicKey = req.publicKey;
  let privateKey: string | undefined;
  if (publicKey === undefined && req.type === 'x509') {
    const generated = await generateWinrmCertificate(req.userId);
    privateKey = generated.privateKey;
    publicKey = generated.certificate;
  } else if (publicKey === undefined) {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    privateKey = pair.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    publicKey = opensshPublicKey(
      pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      'Generated-by-Nova',
    );
  }
  const fingerprint = req.type === 'x509' ? x509Fingerprint(publicKey) : sshFingerprint(publicKey);
  const keyPair = await deps.api.keyPairs.create({
    name: req.name,
    user_id: req.userId,
    fingerprint,
    public_key: publicKey,
    type: req.type,
  });
  return { keyPair, ...(privateKey ? { privateKey } : {}) };
}
