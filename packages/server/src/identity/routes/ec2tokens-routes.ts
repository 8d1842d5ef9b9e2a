/**
 * POST /v3/ec2tokens, which the EC2 API calls with what a client signed:
 * the stored EC2 credential's secret must reproduce the signature (see
 * ec2/ec2-signature.ts), the request must be younger than `auth_ttl`, and
 * the credential's user and project enabled; the answer is a project-scoped
 * token (200, body and X-Subject-Token) with method `ec2credential`.
 */
import type { FastifyInstance } from 'fastify';
import { type Ec2Credentials, ec2RequestTime, verifyEc2Signature } from '../ec2/ec2-signature.js';
import { GenerationMemo } from '../generation-memo.js';
import type { IdentityDeps } from '../identity-deps.js';
import { KeystoneError, missingAttribute, unauthorized } from '../identity-errors.js';
import { ec2CredentialId } from './credential-routes.js';

const denied = (message: string) => new KeystoneError(401, message, 'identity.ec2_unauthorized');

export function ec2TokensRoutes(app: FastifyInstance, deps: IdentityDeps): void {
  const { store, tokens } = deps;
  const memo = new GenerationMemo(store);

  app.post('/v3/ec2tokens', async (req, reply) => {
    const body = req.body as Record<string, any> | undefined;
    if (!body || typeof body !== 'object') throw missingAttribute('credentials', 'request body');
    const creds = (body.credentials ?? body.credential ?? body.ec2Credentials ?? {}) as Ec2Credentials;
    if (typeof creds !== 'object' || typeof creds.access !== 'string')
      throw denied('EC2 Signature not supplied');
    // NOTE(perf): an EC2 client signs every call with the same key; its credential row is read once
    // per GenerationMemo window (any identity write here, or a second), as keystonemiddleware caches.
    const stored = await memo.get(`ec2-credential:${creds.access}`, () =>
      store.credentials.get({ id: ec2CredentialId(creds.access) }),
    );
    if (!stored || stored.type !== 'ec2') throw denied('EC2 access key not found.');
    let secret = '';
    try {
      secret = String(JSON.parse(stored.blob).secret ?? '');
    } catch {
      throw denied('EC2 access key not found.');
    }
    if (!creds.signature) throw denied('EC2 signature not supplied.');
    if (!verifyEc2Signature(secret, creds)) throw denied('Invalid EC2 signature.');
    const [user, project] = await Promise.all([
      memo.get(`user:${stored.user_id}`, () => store.users.get({ id: stored.user_id })),
      stored.project_id
        ? memo.get(`project:${stored.project_id}`, () => store.projects.get({ id: stored.project_id! }))
        : undefined,
    ]);
    if (!user?.enabled || !project?.enabled) throw unauthorized();
    const signedAt = ec2RequestTime(creds);
    if (signedAt !== null) {
      if (Number.isNaN(signedAt)) throw denied('Credential timestamp is invalid');
      if (Date.now() > signedAt + deps.ec2AuthTtlMs) throw denied('Credential is expired');
    }
    const model = await tokens
      .issue({ user, methods: ['ec2credential'], scope: { project: project.id } })
      .catch(() => {
        throw denied('User not valid for project.');
      });
    reply.code(200).header('x-subject-token', model.token).type('application/json');
    return tokens.render(model);
  });
}
