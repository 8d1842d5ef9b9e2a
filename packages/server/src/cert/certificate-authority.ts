/**
 * nova-cert's certificate authorities on disk (Nova's nova/crypto.py):
 * a root CA at `[crypto] ca_path`, and for each project an intermediate CA
 * under projects/<project_id>/ that signs its users' certificates. Every CA
 * directory holds cacert.pem, private/cakey.pem, crl.pem, serial and
 * index.txt (OpenSSL's ca database layout); certificates.json records which
 * user and project each serial was issued to (Nova's `certificates` table).
 */
import 'reflect-metadata';
import { constants, createPrivateKey, privateDecrypt, webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Clock } from '@novats/core';
import * as x509 from '@peculiar/x509';
import { KeyedMutex } from '../compute-manager/keyed-mutex.js';
import { DecryptionFailure, InvalidCertificateOwner } from './cert-errors.js';
import type { CertSettings } from './cert-settings.js';
import { fillSubject, isoTime, toDistinguishedName } from './subject-name.js';

type CryptoKey = webcrypto.CryptoKey;

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALG = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
} as const;
const DAY = 86_400_000;
/** genrootca.sh's and geninter.sh's 365 days; user certificates as long. */
const VALIDITY_DAYS = 365;
const CRL_DAYS = 30;

interface IssuedCertificate {
  readonly serial: string;
  readonly user_id: string;
  readonly project_id: string;
  readonly file_name: string;
  readonly subject: string;
  readonly not_after: string;
  revoked_at: string | null;
}

interface LoadedCa {
  readonly dir: string;
  readonly cert: x509.X509Certificate;
  readonly key: CryptoKey;
  readonly keyPem: string;
}

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${b64.replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

function pemBody(text: string): Buffer {
  return Buffer.from(text.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

/** OpenSSL's index.txt time: YYMMDDHHMMSSZ. */
function indexTime(d: Date): string {
  return `${d.toISOString().slice(2, 19).replace(/[-T:]/g, '')}Z`;
}

/** Ids become directory names and subject parts: refuse what could leave the CA tree. */
function checkOwnerId(kind: string, id: string): void {
  if (!/^[A-Za-z0-9_.@-]{1,255}$/.test(id) || id === '.' || id === '..')
    throw new InvalidCertificateOwner(`Invalid ${kind} id for a certificate: ${JSON.stringify(id)}.`);
}

export class CertificateAuthority {
  readonly #locks = new KeyedMutex();
  readonly #loaded = new Map<string, Promise<LoadedCa>>();

  constructor(
    private readonly settings: CertSettings,
    private readonly clock: Clock,
  ) {}

  /** A new RSA key and a certificate for it signed by the project's CA: [private key PEM, certificate PEM]. */
  async generateX509Cert(userId: string, projectId: string): Promise<[string, string]> {
    checkOwnerId('user', userId);
    const ca = await this.#projectCa(projectId);
    return this.#locks.run(ca.dir, async () => {
      const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
      const now = this.clock.now();
      const serial = this.#nextSerial(ca.dir);
      const subject = fillSubject(this.settings.userCertSubject, [projectId, userId, isoTime(now)]);
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: serial,
        subject: toDistinguishedName(subject),
        issuer: ca.cert.subject,
        notBefore: new Date(now - 60_000),
        notAfter: new Date(now + VALIDITY_DAYS * DAY),
        signingAlgorithm: ALG,
        publicKey: keys.publicKey,
        signingKey: ca.key,
        extensions: [new x509.BasicConstraintsExtension(false, undefined, true)],
      });
      const certPem = cert.toString('pem');
      const fileName = `newcerts/${serial.toUpperCase()}.pem`;
      this.#write(join(ca.dir, fileName), `${certPem}\n`);
      const issued = this.#issued(ca.dir);
      issued.push({
        serial,
        user_id: userId,
        project_id: projectId,
        file_name: fileName,
        subject,
        not_after: cert.notAfter.toISOString(),
        revoked_at: null,
      });
      this.#saveIssued(ca.dir, issued);
      const keyPem = pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
      return [keyPem, `${certPem}\n`];
    });
  }

  /** The project's CA certificate followed by the root's (the chain), or the root's alone without a project. */
  async fetchCa(projectId: string | null): Promise<string> {
    const root = await this.#rootCa();
    const rootPem = `${root.cert.toString('pem')}\n`;
    if (!projectId) return rootPem;
    const ca = await this.#projectCa(projectId);
    return `${ca.cert.toString('pem')}\n${rootPem}`;
  }

  /** The project's current certificate revocation list (PEM). */
  async fetchCrl(projectId: string | null): Promise<string> {
    const ca = projectId ? await this.#projectCa(projectId) : await this.#rootCa();
    return readFileSync(join(ca.dir, this.settings.crlFile), 'utf8');
  }

  /** Decrypts base64 `text` (RSA PKCS#1 v1.5) with the project CA's key; the euca bundle path. */
  async decryptText(projectId: string, text: string): Promise<string> {
    const ca = await this.#projectCa(projectId);
    const data = Buffer.from(text, 'base64');
    const key = createPrivateKey(ca.keyPem);
    const size = 256;
    if (data.length !== size)
      throw new DecryptionFailure(`expected ${size} bytes of ciphertext, got ${data.length}`);
    let block: Buffer;
    try {
      // NOTE(padding): Node refuses PKCS#1 v1.5 decryption (Marvin); the raw block is unpadded here.
      block = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, data);
    } catch (err) {
      throw new DecryptionFailure((err as Error).message);
    }
    const sep = block.indexOf(0, 2);
    if (block[0] !== 0 || block[1] !== 2 || sep < 10) throw new DecryptionFailure('bad padding');
    return block.subarray(sep + 1).toString('utf8');
  }

  revokeCertsByUser(userId: string): Promise<number> {
    return this.#revoke((c) => c.user_id === userId);
  }

  revokeCertsByProject(projectId: string): Promise<number> {
    return this.#revoke((c) => c.project_id === projectId);
  }

  revokeCertsByUserAndProject(userId: string, projectId: string): Promise<number> {
    return this.#revoke((c) => c.user_id === userId && c.project_id === projectId);
  }

  /** Marks matching certificates revoked in every project CA and rewrites those CRLs; resolves how many. */
  async #revoke(match: (c: IssuedCertificate) => boolean): Promise<number> {
    const projects = join(this.settings.caPath, 'projects');
    const ids = existsSync(projects) ? readdirSync(projects) : [];
    let count = 0;
    for (const id of ids) {
      const ca = await this.#projectCa(id);
      count += await this.#locks.run(ca.dir, async () => {
        const issued = this.#issued(ca.dir);
        const now = new Date(this.clock.now()).toISOString();
        let n = 0;
        for (const c of issued) {
          if (c.revoked_at === null && match(c)) {
            c.revoked_at = now;
            n++;
          }
        }
        if (n > 0) {
          this.#saveIssued(ca.dir, issued);
          await this.#writeCrl(ca);
        }
        return n;
      });
    }
    return count;
  }

  #rootCa(): Promise<LoadedCa> {
    return this.#ca(this.settings.caPath, null);
  }

  async #projectCa(projectId: string): Promise<LoadedCa> {
    checkOwnerId('project', projectId);
    return this.#ca(join(this.settings.caPath, 'projects', projectId), projectId);
  }

  #ca(dir: string, projectId: string | null): Promise<LoadedCa> {
    let p = this.#loaded.get(dir);
    if (!p) {
      p = this.#locks.run(`create:${dir}`, () => this.#loadOrCreate(dir, projectId));
      this.#loaded.set(dir, p);
      p.catch(() => this.#loaded.delete(dir));
    }
    return p;
  }

  async #loadOrCreate(dir: string, projectId: string | null): Promise<LoadedCa> {
    const certPath = join(dir, this.settings.caFile);
    const keyPath = join(dir, this.settings.keyFile);
    if (existsSync(certPath) && existsSync(keyPath)) {
      const keyPem = readFileSync(keyPath, 'utf8');
      const key = await webcrypto.subtle.importKey('pkcs8', pemBody(keyPem), ALG, true, ['sign']);
      return { dir, cert: new x509.X509Certificate(readFileSync(certPath, 'utf8')), key, keyPem };
    }
    const issuer = projectId === null ? null : await this.#rootCa();
    const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
    const now = this.clock.now();
    const subject = toDistinguishedName(
      projectId === null
        ? '/C=US/ST=California/O=OpenStack/OU=NovaDev/CN=NovaCA'
        : fillSubject(this.settings.projectCertSubject, [projectId, isoTime(now)]),
    );
    const extensions = [
      new x509.BasicConstraintsExtension(true, projectId === null ? undefined : 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ];
    const validity = { notBefore: new Date(now - 60_000), notAfter: new Date(now + VALIDITY_DAYS * DAY) };
    const cert = issuer
      ? await x509.X509CertificateGenerator.create({
          serialNumber: this.#nextSerial(issuer.dir),
          subject,
          issuer: issuer.cert.subject,
          ...validity,
          signingAlgorithm: ALG,
          publicKey: keys.publicKey,
          signingKey: issuer.key,
          extensions,
        })
      : await x509.X509CertificateGenerator.createSelfSigned({
          serialNumber: '01',
          name: subject,
          ...validity,
          signingAlgorithm: ALG,
          keys,
          extensions,
        });
    const keyPem = pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
    this.#write(keyPath, keyPem, 0o600);
    this.#write(certPath, `${cert.toString('pem')}\n`);
    if (!existsSync(join(dir, 'serial'))) this.#write(join(dir, 'serial'), '10\n');
    this.#write(join(dir, 'index.txt'), '');
    mkdirSync(join(dir, 'newcerts'), { recursive: true });
    const ca = { dir, cert, key: keys.privateKey, keyPem };
    await this.#writeCrl(ca);
    return ca;
  }

  /** The next serial from the CA's serial file (hex, OpenSSL's layout), advancing it. */
  #nextSerial(dir: string): string {
    const path = join(dir, 'serial');
    const current = existsSync(path) ? readFileSync(path, 'utf8').trim() : '10';
    const next = (BigInt(`0x${current}`) + 1n).toString(16).toUpperCase().padStart(2, '0');
    this.#write(path, `${next}\n`);
    return current.length % 2 === 0 ? current : `0${current}`;
  }

  #issued(dir: string): IssuedCertificate[] {
    const path = join(dir, 'certificates.json');
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as IssuedCertificate[]) : [];
  }

  #saveIssued(dir: string, issued: IssuedCertificate[]): void {
    this.#write(join(dir, 'certificates.json'), `${JSON.stringify(issued, null, 1)}\n`);
    const index = issued.map((c) =>
      [
        c.revoked_at ? 'R' : 'V',
        indexTime(new Date(c.not_after)),
        c.revoked_at ? indexTime(new Date(c.revoked_at)) : '',
        c.serial.toUpperCase(),
        'unknown',
        c.subject,
      ].join('\t'),
    );
    this.#write(join(dir, 'index.txt'), index.length ? `${index.join('\n')}\n` : '');
  }

  async #writeCrl(ca: LoadedCa): Promise<void> {
    const now = this.clock.now();
    const crl = await x509.X509CrlGenerator.create({
      issuer: ca.cert.subject,
      thisUpdate: new Date(now),
      nextUpdate: new Date(now + CRL_DAYS * DAY),
      entries: this.#issued(ca.dir)
        .filter((c) => c.revoked_at !== null)
        .map((c) => ({ serialNumber: c.serial, revocationDate: new Date(c.revoked_at!) })),
      signingAlgorithm: ALG,
      signingKey: ca.key,
    });
    // NOTE(openssl): OpenSSL reads only the RFC 7468 label "X509 CRL".
    this.#write(join(ca.dir, this.settings.crlFile), pem('X509 CRL', crl.rawData));
  }

  #write(path: string, text: string, mode?: number): void {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text, mode === undefined ? undefined : { mode });
  }
}
