// Installed-package check: the whole cloud from @novats/server, one server booted through the Compute API.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAllInOne } from '@novats/server';

const stateDir = mkdtempSync(join(tmpdir(), 'novats-packaged-'));
const cloud = await startAllInOne({
  stateDir,
  hosts: 2,
  ports: { compute: 0, placement: 0, image: 0 },
});
const headers = { 'X-Auth-Token': 'admin:admin', 'Content-Type': 'application/json' };
// networks "none" at create needs 2.37; the image proxy (GET /images) is gone from 2.36, so only the create asks for it.
const createHeaders = { ...headers, 'OpenStack-API-Version': 'compute 2.37' };
try {
  const flavors = (await (await fetch(`${cloud.endpoints.compute}/flavors`, { headers })).json()) as {
    flavors: { id: string }[];
  };
  const images = (await (await fetch(`${cloud.endpoints.compute}/images`, { headers })).json()) as {
    images: { id: string }[];
  };
  const created = await fetch(`${cloud.endpoints.compute}/servers`, {
    method: 'POST',
    headers: createHeaders,
    body: JSON.stringify({
      server: {
        name: 'packaged',
        flavorRef: flavors.flavors[0]?.id,
        imageRef: images.images[0]?.id,
        networks: 'none',
      },
    }),
  });
  const { server } = (await created.json()) as { server: { id: string } };
  let status = 'BUILD';
  for (let i = 0; i < 200 && status === 'BUILD'; i++) {
    await new Promise((r) => setTimeout(r, 25));
    const shown = (await (
      await fetch(`${cloud.endpoints.compute}/servers/${server.id}`, { headers })
    ).json()) as {
      server: { status: string };
    };
    status = shown.server.status;
  }
  console.log(JSON.stringify({ created: created.status, status }));
} finally {
  await cloud.stop({ graceSeconds: 0 });
  rmSync(stateDir, { recursive: true, force: true });
}
