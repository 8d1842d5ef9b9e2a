/**
 * CreateKeyPair (a new RSA key; the private half only in this answer),
 * ImportKeyPair (PublicKeyMaterial, base64 of an OpenSSH public key),
 * DescribeKeyPairs and DeleteKeyPair, on the caller's key pairs.
 */
import { isNovaError } from '@novats/core';
import { generateSshKeyPair, sshFingerprint } from '../../../keypairs/ssh-keys.js';
import type { Ec2Action, Ec2Request } from '../ec2-action.js';
import { Ec2Error, keyPairNotFound } from '../ec2-errors.js';
import { filterMatches, filterParams, listParam, requiredParam } from '../query-params.js';

function validName(name: string): string {
  if (name.length > 255 || !/^[A-Za-z0-9 _.-]+$/.test(name))
    throw new Ec2Error('InvalidParameterValue', `Value (${name}) for parameter KeyName is invalid.`);
  return name;
}

async function store(req: Ec2Request, name: string, publicKey: string, fingerprint: string) {
  try {
    return await req.deps.compute.api.keyPairs.create({
      name,
      user_id: req.ctx.user_id ?? '',
      fingerprint,
      public_key: publicKey,
      type: 'ssh',
    });
  } catch (err) {
    if (isNovaError(err) && err.status === 409)
      throw new Ec2Error('InvalidKeyPair.Duplicate', `The keypair '${name}' already exists.`);
    throw err;
  }
}

export const createKeyPair: Ec2Action = async (req) => {
  const name = validName(requiredParam(req.params, 'KeyName'));
  const key = generateSshKeyPair();
  await store(req, name, key.publicKey, key.fingerprint);
  return { keyName: name, keyFingerprint: key.fingerprint, keyMaterial: key.privateKey };
};

export const importKeyPair: Ec2Action = async (req) => {
  const name = validName(requiredParam(req.params, 'KeyName'));
  const material = Buffer.from(requiredParam(req.params, 'PublicKeyMaterial'), 'base64')
    .toString('utf8')
    .trim();
  let fingerprint: string;
  try {
    fingerprint = sshFingerprint(material);
  } catch {
    throw new Ec2Error('InvalidKeyPair.Format', 'Key is not in valid OpenSSH public key format');
  }
  await store(req, name, material, fingerprint);
  return { keyName: name, keyFingerprint: fingerprint };
};

export const describeKeyPairs: Ec2Action = async ({ ctx, params, deps }) => {
  const all = await deps.compute.api.keyPairs.list(ctx.user_id ?? '');
  const wanted = listParam(params, 'KeyName');
  for (const name of wanted) if (!all.some((k) => k.name === name)) throw keyPairNotFound(name);
  const filters = filterParams(params);
  return {
    keySet: all
      .filter((k) => wanted.length === 0 || wanted.includes(k.name))
      .filter((k) =>
        filters.every((f) =>
          filterMatches(
            f.values,
            f.name === 'key-name' ? k.name : f.name === 'fingerprint' ? k.fingerprint : null,
          ),
        ),
      )
      .map((k) => ({ keyName: k.name, keyFingerprint: k.fingerprint })),
  };
};

export const deleteKeyPair: Ec2Action = async ({ ctx, params, deps }) => {
  // NOTE(ec2): deleting a key pair that does not exist succeeds, as on Amazon.
  await deps.compute.api.keyPairs.delete(ctx.user_id ?? '', requiredParam(params, 'KeyName'));
  return { return: true };
};
