/**
 * nova-cert over the bus (in-process transport): per-project CAs under
 * ca_path signed by the root, user certificates, the chain, revocation in
 * the CRL and decrypt_text; OpenSSL's own `verify` judges the certificates.
 */
import { execFile } from 'node:child_process';
import { constants, createPublicKey, publicEncrypt, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { adminContext, NovaConfig, silentLogger, systemClock, type Transport } from '@novats/core';
import { openTransport } from '@novats/drivers';
import { CertRpcApi, certSettingsFromConfig, type RunningCert, startCertService } from '@novats/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const ctx = adminContext('req-cert-test');
let dir: string;
let transport: Transport;
let service: RunningCert;
let cert: CertRpcApi;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'novats-cert-'));
  transport = await openTransport(`inproc://cert-test-${process.pid}`);
  const conf = NovaConfig.fromSources([`[DEFAULT]\nstate_path = ${dir}\n`]);
  service = await startCertService(
    { transport, clock: systemClock, logger: silentLogger, host: 'cert1' },
    certSettingsFromConfig(conf),
  );
  cert = new CertRpcApi(transport, 30_000);
}, 60_000);

afterAll(async () => {
  await service?.stop();
  await transport?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function splitPems(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/g) ?? [];
}

async function openssl(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await exec('openssl', args);
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('nova-cert', () => {
  it('issues a user certificate from the project CA, which the root CA signed', async () => {
    const [keyPem, certPem] = await cert.generateX509Cert(ctx, 'alice', 'proj-a');
    const leaf = new X509Certificate(certPem);
    expect(leaf.subject).toMatch(/CN=proj-a-alice-\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
    expect(leaf.subject).toContain('O=OpenStack');
    expect(leaf.checkPrivateKey(await import('node:crypto').then((c) => c.createPrivateKey(keyPem)))).toBe(
      true,
    );
    const [projectCa, root] = splitPems(await cert.fetchCa(ctx, 'proj-a')).map((p) => new X509Certificate(p));
    expect(leaf.checkIssued(projectCa)).toBe(true);
    expect(leaf.verify(projectCa.publicKey)).toBe(true);
    expect(projectCa.verify(root.publicKey)).toBe(true);
    expect(projectCa.ca).toBe(true);
    expect(projectCa.subject).toContain('CN=project-ca-proj-a-');
    expect(splitPems(await cert.fetchCa(ctx, null))).toHaveLength(1);

    const ca = join(dir, 'CA');
    for (const f of ['cacert.pem', 'private/cakey.pem', 'crl.pem', 'serial', 'index.txt'])
      expect(existsSync(join(ca, 'projects', 'proj-a', f))).toBe(true);
    writeFileSync(join(dir, 'leaf.pem'), certPem);
    writeFileSync(join(dir, 'inter.pem'), projectCa.toString());
    const verified = await openssl([
      'verify',
      '-CAfile',
      join(ca, 'cacert.pem'),
      '-untrusted',
      join(dir, 'inter.pem'),
      join(dir, 'leaf.pem'),
    ]);
    expect(verified.out).toContain(': OK');
  });

  it('keeps one CA per project and a serial per certificate', async () => {
    const [, a1] = await cert.generateX509Cert(ctx, 'bob', 'proj-a');
    const [, b1] = await cert.generateX509Cert(ctx, 'bob', 'proj-b');
    const caA = splitPems(await cert.fetchCa(ctx, 'proj-a'))[0];
    const caB = splitPems(await cert.fetchCa(ctx, 'proj-b'))[0];
    expect(caA).not.toBe(caB);
    expect(new X509Certificate(a1).checkIssued(new X509Certificate(caA))).toBe(true);
    expect(new X509Certificate(b1).checkIssued(new X509Certificate(caA))).toBe(false);
    const [, a2] = await cert.generateX509Cert(ctx, 'bob', 'proj-a');
    expect(new X509Certificate(a2).serialNumber).not.toBe(new X509Certificate(a1).serialNumber);
  });

  it('revokes by user and project into the CRL, which OpenSSL then enforces', async () => {
    const [, certPem] = await cert.generateX509Cert(ctx, 'carol', 'proj-c');
    const serial = new X509Certificate(certPem).serialNumber;
    expect(await cert.revokeCertsByUserAndProject(ctx, 'carol', 'proj-c')).toBe(1);
    expect(await cert.revokeCertsByUserAndProject(ctx, 'carol', 'proj-c')).toBe(0);
    const crl = await cert.fetchCrl(ctx, 'proj-c');
    writeFileSync(join(dir, 'crl.pem'), crl);
    const text = await openssl(['crl', '-in', join(dir, 'crl.pem'), '-noout', '-text']);
    expect(text.out.toUpperCase()).toContain(`SERIAL NUMBER: ${serial}`);
    const chain = await cert.fetchCa(ctx, 'proj-c');
    writeFileSync(join(dir, 'chain.pem'), chain + crl);
    writeFileSync(join(dir, 'carol.pem'), certPem);
    const checked = await openssl([
      'verify',
      '-crl_check',
      '-CAfile',
      join(dir, 'chain.pem'),
      join(dir, 'carol.pem'),
    ]);
    expect(checked.code).not.toBe(0);
    expect(checked.out).toContain('certificate revoked');
    expect(readFileSync(join(dir, 'CA', 'projects', 'proj-c', 'index.txt'), 'utf8')).toMatch(/^R\t/);
  });

  it('revokes every certificate of a user, and of a project', async () => {
    await cert.generateX509Cert(ctx, 'dave', 'proj-d');
    await cert.generateX509Cert(ctx, 'dave', 'proj-e');
    expect(await cert.revokeCertsByUser(ctx, 'dave')).toBe(2);
    await cert.generateX509Cert(ctx, 'erin', 'proj-d');
    await cert.generateX509Cert(ctx, 'frank', 'proj-d');
    expect(await cert.revokeCertsByProject(ctx, 'proj-d')).toBe(2);
  });

  it("decrypts text encrypted to the project CA's key, and refuses garbage with a typed error", async () => {
    const projectCa = splitPems(await cert.fetchCa(ctx, 'proj-a'))[0];
    const key = createPublicKey(
      new X509Certificate(projectCa).publicKey.export({ type: 'spki', format: 'pem' }),
    );
    const sealed = publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.from('bundle key'));
    expect(await cert.decryptText(ctx, 'proj-a', sealed.toString('base64'))).toBe('bundle key');
    await expect(cert.decryptText(ctx, 'proj-a', 'bm90IHJzYQ==')).rejects.toMatchObject({
      code: 'cert.decryption_failure',
    });
    await expect(cert.generateX509Cert(ctx, 'alice', '../etc')).rejects.toMatchObject({
      code: 'cert.invalid_owner',
    });
  });
});
