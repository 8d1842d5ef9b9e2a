/**
 * SSH key pairs as Nova makes and checks them (nova/crypto.py): a new RSA
 * key in OpenSSH's public format plus its PEM private key, and the MD5
 * colon-hex fingerprint of a public key's blob.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { InvalidInput } from '@novats/core';

/** Nova's InvalidKeypair message for a public key it cannot read. */
function invalid(): InvalidInput {
  return new InvalidInput('Keypair data is invalid: failed to generate fingerprint');
}

const SSH_TYPES = new Set([
  'ssh-rsa',
  'ssh-dss',
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
]);

/** The MD5 fingerprint (aa:bb:...) of an OpenSSH public key line; rejects with InvalidInput when unreadable. */
export function sshFingerprint(publicKey: string): string {
  const [type, b64] = publicKey.trim().split(/\s+/);
  if (!type || !b64 || !SSH_TYPES.has(type) || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) throw invalid();
  const blob = Buffer.from(b64, 'base64');
  const len = blob.length >= 4 ? blob.readUInt32BE(0) : -1;
  if (len <= 0 || 4 + len > blob.length || blob.subarray(4, 4 + len).toString() !== type) throw invalid();
  return createHash('md5')
    .update(blob)
    .digest('hex')
    .replace(/(..)(?!$)/g, '$1:');
}

function sshString(buf: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(buf.length);
  return Buffer.concat([len, buf]);
}

/** An mpint from JWK's base64url big-endian bytes (a leading zero keeps it positive). */
function mpint(b64url: string): Buffer {
  const raw = Buffer.from(b64url, 'base64url');
  return sshString(raw[0] & 0x80 ? Buffer.concat([Buffer.of(0), raw]) : raw);
}

/** A new RSA key pair: [private key PEM (PKCS#1), OpenSSH public key, fingerprint]. */
export function generateSshKeyPair(comment = 'Generated-by-Nova'): {
  privateKey: string;
  publicKey: string;
  fingerprint: string;
} {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  const blob = Buffer.concat([sshString(Buffer.from('ssh-rsa')), mpint(jwk.e!), mpint(jwk.n!)]);
  const openssh = `ssh-rsa ${blob.toString('base64')} ${comment}`;
  return {
    privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicKey: openssh,
    fingerprint: sshFingerprint(openssh),
  };
}
