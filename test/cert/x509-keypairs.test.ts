/**
 * os-keypairs with `type: x509` (2.2 to 2.91): without a certificate Nova
 * generates a self-signed WinRM client certificate (CN=<user>, clientAuth,
 * UPN <user>@localhost) and returns its private key once; an imported
 * certificate keeps its SHA-1 fingerprint; 2.92 refuses generation.
 */
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../support/cloud.js';

const ALICE = 'alice:proj-a';
let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud('sqlite');
});
afterAll(async () => {
  await t?.stop();
});

const call = (method: string, path: string, body?: unknown, version = '2.91') =>
  t.compute(method, path, body, ALICE, { 'openstack-api-version': `compute ${version}` });

describe('x509 key pairs', () => {
  it('generates a WinRM certificate for the user with its private key, returned once', async () => {
    const res = await call('POST', '/os-keypairs', { keypair: { name: 'winrm', type: 'x509' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const k = res.body.keypair;
    expect(k).toMatchObject({ name: 'winrm', type: 'x509', user_id: 'alice' });
    const cert = new X509Certificate(k.public_key);
    expect(cert.subject).toBe('CN=alice');
    expect(cert.issuer).toBe('CN=alice');
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.subjectAltName).toContain('alice@localhost');
    expect(cert.keyUsage ?? []).toContain('1.3.6.1.5.5.7.3.2');
    const years = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / (365 * 86_400_000);
    expect(years).toBeGreaterThan(9.9);
    // The private key is the certificate's.
    const priv = createPrivateKey(k.private_key);
    expect(createPublicKey(priv).export({ format: 'jwk' })).toEqual(cert.publicKey.export({ format: 'jwk' }));
    expect(k.fingerprint).toBe(cert.fingerprint.toLowerCase());
    const shown = await call('GET', '/os-keypairs/winrm');
    expect(shown.body.keypair).toMatchObject({ type: 'x509', fingerprint: k.fingerprint });
    expect(shown.body.keypair.public_key).toBe(k.public_key);
    expect(shown.body.keypair).not.toHaveProperty('private_key');
  });

  it('imports a certificate with its fingerprint, and refuses generation from 2.92', async () => {
    const gen = await call('POST', '/os-keypairs', { keypair: { name: 'src', type: 'x509' } });
    const imported = await call('POST', '/os-keypairs', {
      keypair: { name: 'imported', type: 'x509', public_key: gen.body.keypair.public_key },
    });
    expect(imported.status).toBe(201);
    expect(imported.body.keypair.fingerprint).toBe(gen.body.keypair.fingerprint);
    expect(imported.body.keypair).not.toHaveProperty('private_key');
    const bad = await call('POST', '/os-keypairs', {
      keypair: { name: 'bad', type: 'x509', public_key: 'not a certificate' },
    });
    expect(bad.status).toBe(400);
    const late = await call('POST', '/os-keypairs', { keypair: { name: 'late', type: 'x509' } }, '2.92');
    expect(late.status).toBe(400);
  });
});
