/**
 * Nova's generated x509 key pairs (nova/crypto.py generate_winrm_x509_cert,
 * used by os-keypairs for `type: x509` without a certificate): a new RSA
 * 2048 key and a self-signed certificate for it, subject CN=<user id>, ten
 * years, client authentication, and the user's UPN <user id>@localhost as a
 * subjectAltName otherName, which is what WinRM maps to a local account.
 * Self-signed as in Nova: no project CA is involved, so it needs no nova-cert.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { toDistinguishedName } from './subject-name.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALG = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
} as const;
/** `openssl req -x509 -days 3650`. */
const VALIDITY_MS = 3650 * 86_400_000;

export interface WinrmCertificate {
  /** PKCS#8 PEM, returned once to the caller and never stored. */
  readonly privateKey: string;
  /** The certificate (PEM), stored as the key pair's public_key. */
  readonly certificate: string;
}

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** A WinRM client certificate for `userId`, valid from `now` (ms since the epoch). */
export async function generateWinrmCertificate(userId: string, now = Date.now()): Promise<WinrmCertificate> {
  const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const serial = Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)));
  serial[0] &= 0x7f; // a positive INTEGER
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString('hex'),
    name: toDistinguishedName(`/CN=${userId}`),
    notBefore: new Date(now),
    notAfter: new Date(now + VALIDITY_MS),
    signingAlgorithm: ALG,
    keys,
    extensions: [
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      new x509.SubjectAlternativeNameExtension([{ type: 'upn', value: `${userId}@localhost` }]),
    ],
  });
  return {
    privateKey: pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)),
    certificate: cert.toString('pem'),
  };
}
