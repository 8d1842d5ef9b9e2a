/**
 * Renders docs/compute-api.md from the route table and the server action
 * table, so the document lists exactly what is served: every route and
 * action with its microversion range, policy rule and the rule's default.
 * test/compute-api/compute-api-doc.test.ts fails when the file is stale.
 */
import { computeRuleDefaults } from '../../compute-orchestration/policies/compute-policies.js';
import type { ComputeRoute, VersionRange } from './route-table.js';
import type { ServerAction } from './server-actions-routes.js';

function range(r: VersionRange): string {
  const min = r.min ?? '2.1';
  return r.max ? `${min} – ${r.max}` : `${min} –`;
}

function rule(name: string | null, defaults: ReadonlyMap<string, string>): string {
  if (name === null) return '(none)';
  const check = defaults.get(name);
  return check ? `\`${name}\` (\`${check}\`)` : `\`${name}\``;
}

export function renderComputeApiDoc(
  routes: readonly ComputeRoute[],
  actions: readonly ServerAction[],
): string {
  const defaults = new Map(computeRuleDefaults().map((d) => [d.name, d.checkStr]));
  const lines = [
    '# Compute API routes',
    '',
    '<!-- Generated from packages/server/src/api/compute/compute-routes.ts and server-actions-routes.ts;',
    '     regenerate with: UPDATE_COMPUTE_API_DOC=1 npx vitest run test/compute-api/compute-api-doc.test.ts -->',
    '',
    'Every route of the Compute API v2.1 (also under `/v2.1/{project_id}`), with the',
    "microversions it is served at (outside them: 404), Nova's policy rule and its",
    "default check string (with `[oslo_policy] enforce_new_defaults` off, Zed's default,",
    'each default is OR-ed with its legacy rule: `rule:admin_api` for admin rules,',
    '`rule:admin_or_owner` for project rules). A path with a method it does not serve',
    'answers 405 with `Allow`.',
    '',
    'Fakes: addSecurityGroup/removeSecurityGroup and `os-security-groups` work on the',
    "all-in-one's flat fake network (group names on the server); diagnostics and",
    'console output come from the fake virt driver. `os-interface` and server create',
    '`networks` use the same fake network: ports with a fixed IP and a MAC, one flat',
    '`private` network, nothing routed. `os-volume_attachments` and the volumes of',
    '`block_device_mapping_v2` use a fake volume service that keeps volumes in memory',
    '(known by uuid, no data, forgotten when nova-api stops); the host plugs them through',
    'its virt driver and the block device mappings are kept on the instance row.',
    'Boot from volume: without `imageRef`, a `block_device_mapping_v2` entry with',
    '`boot_index: 0` and `destination_type: volume` is the root disk, either an',
    'existing available volume (`source_type: volume`) or a volume made from an image',
    '(`source_type: image`, `volume_size` required; the fake only records the image id',
    "in the volume's `volume_image_metadata`, and the API creates it, where Nova's",
    'compute does). The server shows `image: ""`, the root volume is `/dev/vda`, listed in',
    '`os-volume_attachments` and `os-extended-volumes:volumes_attached`, cannot be',
    'detached (400), and the request spec is `is_bfv`, so placement gets no DISK_GB',
    "for the flavor's root disk. Without `imageRef` and without a boot volume the answer is",
    "Nova's 400 (`Missing imageRef attribute` without any mapping, the boot sequence",
    'message otherwise). On server delete nova-api ends every volume attachment and',
    'deletes the volumes with `delete_on_termination` (2.79 shows the flag); the',
    'others are left `available`. A soft-deleted server reclaimed by its host',
    '(`reclaim_instance_interval`) keeps its volumes attached in the fake.',
    "`os-hosts` power actions have no effect, as with Nova's fake driver.",
    '',
    '| Method | Path | Microversions | Status | Policy rule (default) | What |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of routes) {
    if (r.summary.startsWith('Removed from Nova')) continue;
    lines.push(
      `| ${r.method} | \`${r.path.replace(/:([a-z_]+)/g, '{$1}')}\` | ${range(r)} | ${r.status ?? 200} | ${rule(r.policy, defaults)} | ${r.summary} |`,
    );
  }
  lines.push('', '## Server actions (`POST /servers/{server_id}/action`)', '');
  lines.push('| Body key | Microversions | Status | Policy rule (default) | What |', '|---|---|---|---|---|');
  for (const a of actions) {
    lines.push(
      `| \`${a.name}\` | ${range(a)} | ${a.status ?? 202} | ${rule(a.policy, defaults)} | ${a.summary} |`,
    );
  }
  const gone = [
    ...new Set(routes.filter((r) => r.summary.startsWith('Removed from Nova')).map((r) => r.path)),
  ];
  lines.push(
    '',
    '## Routes registered by their own modules',
    '',
    'These are served with the same authentication, microversion headers and fault',
    'bodies but are not in the route table yet: `POST /servers/{server_id}/remote-consoles`',
    '(2.6, rule `os_compute_api:os-remote-consoles`), `GET /os-console-auth-tokens/{token}`',
    '(admin), and the image proxy `/images...` (up to 2.35).',
  );
  lines.push('', '## Removed APIs (410 Gone for every method)', '');
  for (const path of gone) lines.push(`- \`${path.replace(/:([a-z_]+)/g, '{$1}')}\``);
  lines.push('');
  return lines.join('\n');
}
