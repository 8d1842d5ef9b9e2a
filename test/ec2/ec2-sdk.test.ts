/**
 * The EC2 API judged by Amazon's own client, @aws-sdk/client-ec2 (v3), on
 * the all-in-one cloud: EC2 credentials made in the embedded identity
 * service sign every request (Signature V4), which /v3/ec2tokens verifies.
 * The client runs, describes (filters, paging), stops, starts, tags,
 * reboots and terminates instances, manages key pairs, and is refused with
 * AuthFailure for a wrong secret, a skewed clock or a replayed request.
 */
import {
  type _InstanceType,
  CreateKeyPairCommand,
  CreateTagsCommand,
  DeleteKeyPairCommand,
  DeleteTagsCommand,
  DescribeAvailabilityZonesCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeInstanceTypesCommand,
  DescribeKeyPairsCommand,
  DescribeRegionsCommand,
  DescribeTagsCommand,
  EC2Client,
  type EC2ClientConfig,
  GetConsoleOutputCommand,
  ImportKeyPairCommand,
  RebootInstancesCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud, waitFor } from '../support/cloud.js';

let t: TestCloud;
let creds: { accessKeyId: string; secretAccessKey: string };
let ec2: EC2Client;

function client(extra: Partial<EC2ClientConfig> = {}): EC2Client {
  return new EC2Client({
    endpoint: t.cloud.endpoints.ec2,
    region: 'nova',
    credentials: creds,
    maxAttempts: 1,
    ...extra,
  });
}

async function ks(method: string, path: string, token: string | null, body?: unknown) {
  const res = await fetch(`${t.cloud.endpoints.identity}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { 'x-auth-token': token } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, token: res.headers.get('x-subject-token'), body: (await res.json()) as any };
}

beforeAll(async () => {
  t = await startTestCloud('sqlite', { identity: { adminPassword: 'ec2-admin', port: 0, legacyPort: null } });
  const auth = await ks('POST', '/auth/tokens', null, {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: 'admin', domain: { name: 'Default' }, password: 'ec2-admin' } },
      },
      scope: { project: { name: 'admin', domain: { id: 'default' } } },
    },
  });
  expect(auth.status).toBe(201);
  const user = auth.body.token.user.id as string;
  const c = await ks('POST', `/users/${user}/credentials/OS-EC2`, auth.token, {
    tenant_id: auth.body.token.project.id,
  });
  expect(c.status).toBe(201);
  creds = { accessKeyId: c.body.credential.access, secretAccessKey: c.body.credential.secret };
  ec2 = client();
}, 60_000);

afterAll(async () => {
  ec2?.destroy();
  await t?.stop();
});

async function stateOf(id: string): Promise<string | undefined> {
  const r = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  return r.Reservations?.[0]?.Instances?.[0]?.State?.Name;
}

async function waitForState(id: string, state: string): Promise<void> {
  await waitFor(`${id} ${state}`, async () => ((await stateOf(id)) === state ? true : undefined));
}

describe('EC2 API with the AWS SDK', () => {
  let ami: string;
  let ids: string[];

  it('describes regions, zones, images and instance types', async () => {
    const regions = await ec2.send(new DescribeRegionsCommand({}));
    expect(regions.Regions?.map((r) => r.RegionName)).toEqual(['nova']);
    const zones = await ec2.send(new DescribeAvailabilityZonesCommand({}));
    expect(zones.AvailabilityZones?.map((z) => [z.ZoneName, z.State])).toEqual([['nova', 'available']]);
    const images = await ec2.send(new DescribeImagesCommand({}));
    expect(images.Images?.length).toBeGreaterThan(0);
    ami = images.Images![0].ImageId!;
    expect(ami).toMatch(/^ami-[0-9a-f]{8}$/);
    const again = await ec2.send(new DescribeImagesCommand({ ImageIds: [ami] }));
    expect(again.Images?.[0].ImageId).toBe(ami);
    const types = await ec2.send(
      new DescribeInstanceTypesCommand({ InstanceTypes: ['m1.tiny' as _InstanceType] }),
    );
    expect(types.InstanceTypes?.[0]).toMatchObject({
      InstanceType: 'm1.tiny',
      VCpuInfo: { DefaultVCpus: 1 },
      MemoryInfo: { SizeInMiB: 512 },
    });
  });

  it('manages key pairs', async () => {
    const made = await ec2.send(new CreateKeyPairCommand({ KeyName: 'ec2-k1' }));
    expect(made.KeyMaterial).toContain('BEGIN RSA PRIVATE KEY');
    expect(made.KeyFingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    const pub = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl imported';
    const imported = await ec2.send(
      new ImportKeyPairCommand({ KeyName: 'ec2-k2', PublicKeyMaterial: new TextEncoder().encode(pub) }),
    );
    expect(imported.KeyFingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    const listed = await ec2.send(new DescribeKeyPairsCommand({}));
    expect(listed.KeyPairs?.map((k) => k.KeyName)).toEqual(['ec2-k1', 'ec2-k2']);
    await expect(ec2.send(new CreateKeyPairCommand({ KeyName: 'ec2-k1' }))).rejects.toMatchObject({
      name: 'InvalidKeyPair.Duplicate',
    });
    await ec2.send(new DeleteKeyPairCommand({ KeyName: 'ec2-k2' }));
    await expect(ec2.send(new DescribeKeyPairsCommand({ KeyNames: ['ec2-k2'] }))).rejects.toMatchObject({
      name: 'InvalidKeyPair.NotFound',
    });
  });

  it('runs instances that reach running, with stable ids', async () => {
    const run = await ec2.send(
      new RunInstancesCommand({
        ImageId: ami,
        MinCount: 2,
        MaxCount: 2,
        InstanceType: 'm1.tiny' as _InstanceType,
        KeyName: 'ec2-k1',
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'team', Value: 'blue' }] }],
      }),
    );
    ids = run.Instances!.map((i) => i.InstanceId!);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id).toMatch(/^i-[0-9a-f]{8}$/);
    expect(run.Instances![0]).toMatchObject({ ImageId: ami, InstanceType: 'm1.tiny', KeyName: 'ec2-k1' });
    for (const id of ids) await waitForState(id, 'running');
    const d = await ec2.send(new DescribeInstancesCommand({ InstanceIds: ids }));
    const inst = d.Reservations!.flatMap((r) => r.Instances!);
    expect(inst.map((i) => i.InstanceId)).toEqual(ids);
    expect(inst[0].PrivateIpAddress).toMatch(/^10\./);
    expect(inst[0].Placement?.AvailabilityZone).toBe('nova');
    expect(inst[0].Tags).toEqual([{ Key: 'team', Value: 'blue' }]);
    expect(d.Reservations![0].ReservationId).toBe(run.ReservationId);
  });

  it('filters and pages DescribeInstances', async () => {
    const third = await ec2.send(
      new RunInstancesCommand({
        ImageId: ami,
        MinCount: 1,
        MaxCount: 1,
        InstanceType: 'm1.small' as _InstanceType,
      }),
    );
    const small = third.Instances![0].InstanceId!;
    const byType = await ec2.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'instance-type', Values: ['m1.small'] }] }),
    );
    expect(byType.Reservations!.flatMap((r) => r.Instances!).map((i) => i.InstanceId)).toEqual([small]);
    const byTag = await ec2.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'tag:team', Values: ['bl*'] }] }),
    );
    expect(
      byTag
        .Reservations!.flatMap((r) => r.Instances!)
        .map((i) => i.InstanceId)
        .sort(),
    ).toEqual([...ids].sort());
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await ec2.send(new DescribeInstancesCommand({ MaxResults: 5, NextToken: token }));
      seen.push(...page.Reservations!.flatMap((r) => r.Instances!).map((i) => i.InstanceId!));
      token = page.NextToken;
    } while (token);
    expect(seen).toEqual(expect.arrayContaining([...ids, small]));
    await expect(
      ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-7fffffff'] })),
    ).rejects.toMatchObject({
      name: 'InvalidInstanceID.NotFound',
    });
    await expect(ec2.send(new DescribeInstancesCommand({ InstanceIds: ['vol-1'] }))).rejects.toMatchObject({
      name: 'InvalidInstanceID.Malformed',
    });
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [small] }));
  });

  it('stops and starts an instance, and refuses a start while running', async () => {
    const stopped = await ec2.send(new StopInstancesCommand({ InstanceIds: [ids[0]] }));
    expect(stopped.StoppingInstances?.[0]).toMatchObject({
      InstanceId: ids[0],
      CurrentState: { Code: 64, Name: 'stopping' },
      PreviousState: { Code: 16, Name: 'running' },
    });
    await waitForState(ids[0], 'stopped');
    await ec2.send(new StartInstancesCommand({ InstanceIds: [ids[0]] }));
    await waitForState(ids[0], 'running');
    await expect(ec2.send(new StartInstancesCommand({ InstanceIds: [ids[0]] }))).rejects.toMatchObject({
      name: 'IncorrectInstanceState',
    });
    await ec2.send(new RebootInstancesCommand({ InstanceIds: [ids[0]] }));
    const out = await ec2.send(new GetConsoleOutputCommand({ InstanceId: ids[0] }));
    expect(Buffer.from(out.Output ?? '', 'base64').toString()).toContain('Booting');
  });

  it('creates, describes and deletes tags', async () => {
    await ec2.send(new CreateTagsCommand({ Resources: [ids[1]], Tags: [{ Key: 'env', Value: 'prod' }] }));
    const tags = await ec2.send(
      new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [ids[1]] }] }),
    );
    expect(tags.Tags?.map((x) => [x.Key, x.Value]).sort()).toEqual([
      ['env', 'prod'],
      ['team', 'blue'],
    ]);
    await ec2.send(new DeleteTagsCommand({ Resources: [ids[1]], Tags: [{ Key: 'team' }] }));
    const after = await ec2.send(
      new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [ids[1]] }] }),
    );
    expect(after.Tags?.map((x) => x.Key)).toEqual(['env']);
    const server = await t.compute('GET', `/servers`, undefined, 'admin:admin');
    expect(server.status).toBe(200);
  });

  it('terminates instances', async () => {
    const r = await ec2.send(new TerminateInstancesCommand({ InstanceIds: ids }));
    expect(r.TerminatingInstances?.map((i) => i.CurrentState?.Name)).toEqual([
      'shutting-down',
      'shutting-down',
    ]);
    await waitFor('terminated', async () => {
      const d = await ec2.send(
        new DescribeInstancesCommand({ Filters: [{ Name: 'instance-id', Values: ids }] }),
      );
      return (d.Reservations ?? []).length === 0 ? true : undefined;
    });
  });
});

describe('EC2 authentication', () => {
  it('refuses a wrong secret with AuthFailure', async () => {
    const bad = client({ credentials: { ...creds, secretAccessKey: 'wrong' } });
    await expect(bad.send(new DescribeRegionsCommand({}))).rejects.toMatchObject({
      name: 'AuthFailure',
      $metadata: { httpStatusCode: 401 },
    });
    bad.destroy();
  });

  it('refuses a skewed clock with AuthFailure', async () => {
    const skewed = client({ systemClockOffset: -3_600_000 });
    await expect(skewed.send(new DescribeRegionsCommand({}))).rejects.toMatchObject({ name: 'AuthFailure' });
    skewed.destroy();
  });

  it('refuses a replayed request, and an unsigned one', async () => {
    let captured: { headers: Record<string, string>; body: string } | undefined;
    const spy = client();
    spy.middlewareStack.add(
      (next) => async (args) => {
        const req = args.request as { headers: Record<string, string>; body: string };
        captured = { headers: { ...req.headers }, body: req.body };
        return next(args);
      },
      { step: 'finalizeRequest', name: 'captureSigned', priority: 'low' },
    );
    await spy.send(new DescribeRegionsCommand({}));
    spy.destroy();
    expect(captured?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 /);
    const { host: _h, 'content-length': _l, ...headers } = captured!.headers;
    const replay = await fetch(t.cloud.endpoints.ec2, { method: 'POST', headers, body: captured!.body });
    expect(replay.status).toBe(401);
    expect(await replay.text()).toContain('<Code>AuthFailure</Code>');
    const unsigned = await fetch(`${t.cloud.endpoints.ec2}?Action=DescribeRegions&Version=2016-11-15`);
    expect(unsigned.status).toBe(401);
  });
});
