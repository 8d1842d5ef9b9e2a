/**
 * POST /servers/{id}/action (Nova's action dispatch) as a table: one entry
 * per body key with its microversion range, policy rule, body schema,
 * success status and the compute API call. The body must have exactly one
 * key ("Malformed request body" otherwise); an unknown key is "There is no
 * such action"; a known one outside its microversions is 404. Policy and
 * schema are checked by `admit`, the same as for routes.
 */
import {
  ADD_SECURITY_GROUP,
  CHANGE_PASSWORD,
  CONSOLE_OUTPUT,
  CREATE_BACKUP,
  CREATE_IMAGE,
  evacuateSchemaFor,
  InvalidInput,
  LOCK_V2_73,
  liveMigrateSchemaFor,
  migrateSchemaFor,
  NotFound,
  REBOOT,
  REMOVE_SECURITY_GROUP,
  RESCUE,
  RESET_STATE,
  RESIZE,
  rebuildSchemaFor,
  unshelveSchemaFor,
} from '@novats/core';
import {
  CAST_ACTIONS,
  castAction,
  changePassword,
  changeSecurityGroup,
  consoleOutput,
  generatePassword,
  lockServer,
  type RebootType,
  rebootServer,
  rebuildServer,
  rescueServer,
  resetState,
  triggerCrashDump,
  unlockServer,
} from '../../compute-orchestration/server-actions.js';
import { forceDeleteServer, restoreServer } from '../../compute-orchestration/server-delete.js';
import { backupServer, snapshotServer } from '../../compute-orchestration/server-images.js';
import {
  confirmResize,
  evacuateServer,
  liveMigrateServer,
  resizeServer,
  revertResize,
  shelveOffloadServer,
  shelveServer,
  unshelveServer,
} from '../../compute-orchestration/server-moves.js';
import { getServer } from '../../compute-orchestration/server-query.js';
import { CONSOLE_ACTIONS } from './console-actions.js';
import { hostStatuses } from './host-status.js';
import { resourceLinks } from './links.js';
import {
  type Admission,
  admit,
  type ComputeRoute,
  inRange,
  type RouteRequest,
  type RouteResult,
} from './route-table.js';
import { groupsFor } from './server-groups-view.js';
import { serverDetail } from './views/server-view.js';

export interface ServerAction extends Admission {
  /** The body key, e.g. `os-stop`. */
  readonly name: string;
  /** The success status; default 202. */
  readonly status?: number;
  readonly summary: string;
  run(r: RouteRequest, uuid: string): Promise<RouteResult | undefined>;
}

const P = 'os_compute_api:';
const cast = (name: keyof typeof CAST_ACTIONS) => async (r: RouteRequest, uuid: string) => {
  await castAction(r.deps, r.ctx, uuid, name);
  return undefined;
};

/** Every server action, by body key (several entries for one key when microversions differ). */
export const SERVER_ACTIONS: readonly ServerAction[] = [
  { name: 'os-stop', policy: `${P}servers:stop`, summary: 'Power off', run: cast('stop') },
  { name: 'os-start', policy: `${P}servers:start`, summary: 'Power on', run: cast('start') },
  {
    name: 'reboot',
    policy: `${P}servers:reboot`,
    summary: 'Reboot SOFT or HARD',
    body: () => REBOOT,
    async run(r, uuid) {
      await rebootServer(r.deps, r.ctx, uuid, r.body.reboot.type.toUpperCase() as RebootType);
      return undefined;
    },
  },
  { name: 'pause', policy: `${P}os-pause-server:pause`, summary: 'Pause', run: cast('pause') },
  { name: 'unpause', policy: `${P}os-pause-server:unpause`, summary: 'Unpause', run: cast('unpause') },
  { name: 'suspend', policy: `${P}os-suspend-server:suspend`, summary: 'Suspend', run: cast('suspend') },
  { name: 'resume', policy: `${P}os-suspend-server:resume`, summary: 'Resume', run: cast('resume') },
  {
    name: 'lock',
    max: '2.72',
    policy: `${P}os-lock-server:lock`,
    summary: 'Lock (no reason before 2.73)',
    async run(r, uuid) {
      await lockServer(r.deps, r.ctx, uuid, null);
      return undefined;
    },
  },
  {
    name: 'lock',
    min: '2.73',
    policy: `${P}os-lock-server:lock`,
    summary: 'Lock with locked_reason',
    body: () => LOCK_V2_73,
    async run(r, uuid) {
      await lockServer(r.deps, r.ctx, uuid, r.body.lock?.locked_reason ?? null);
      return undefined;
    },
  },
  {
    name: 'unlock',
    policy: `${P}os-lock-server:unlock`,
    summary: "Unlock (another party's lock needs unlock_override)",
    async run(r, uuid) {
      await unlockServer(r.deps, r.ctx, uuid);
      return undefined;
    },
  },
  {
    name: 'rescue',
    policy: `${P}os-rescue`,
    status: 200,
    summary: 'Rescue; answers {adminPass} (volume-backed servers from 2.87)',
    body: () => RESCUE,
    async run(r, uuid) {
      const password = await rescueServer(r.deps, r.ctx, uuid, {
        adminPass: r.body.rescue?.adminPass,
        rescueImageRef: r.body.rescue?.rescue_image_ref,
        // NOTE(nova): volume-backed servers may be rescued from 2.87.
        allowBfvRescue: r.version.atLeast(2, 87),
      });
      return { body: { adminPass: password } };
    },
  },
  { name: 'unrescue', policy: `${P}os-unrescue`, summary: 'Unrescue', run: cast('unrescue') },
  {
    name: 'changePassword',
    policy: `${P}os-admin-password`,
    summary: 'Set the admin password in the guest',
    body: () => CHANGE_PASSWORD,
    async run(r, uuid) {
      await changePassword(r.deps, r.ctx, uuid, r.body.changePassword.adminPass);
      return undefined;
    },
  },
  {
    name: 'rebuild',
    policy: `${P}servers:rebuild`,
    summary: 'Rebuild from an image on the same host; answers the server',
    body: rebuildSchemaFor,
    async run(r, uuid) {
      const b = r.body.rebuild;
      const { adminPass } = await rebuildServer(r.deps, r.ctx, uuid, {
        imageRef: String(b.imageRef).replace(/^.*\//, ''),
        adminPass: b.adminPass,
        name: b.name,
        metadata: b.metadata,
        description: b.description,
        keyName: b.key_name,
        userData: b.user_data,
        hostname: b.hostname,
        accessIPv4: b.accessIPv4,
        accessIPv6: b.accessIPv6,
      });
      const found = await getServer(r.deps, r.ctx, uuid);
      // NOTE(nova): from 2.75 rebuild answers the whole server; before, a partial one (key_name from 2.54).
      const full = r.version.atLeast(2, 75);
      const statuses = full ? await hostStatuses(r.deps, r.ctx, r.version, [found.instance]) : undefined;
      const server: Record<string, unknown> = {
        ...serverDetail(found.instance, found.fault, r.state, {
          partial: !full,
          showKeyName: r.version.atLeast(2, 54),
          serverGroups: await groupsFor(r, found.instance.uuid),
          showUserData: false,
          hostStatus: statuses?.get(found.instance.uuid),
        }),
        adminPass,
      };
      if (r.version.atLeast(2, 57)) server.user_data = found.instance.user_data;
      return {
        body: { server },
        headers: { Location: resourceLinks(r.base, 'servers', uuid)[0].href },
      };
    },
  },
  {
    name: 'trigger_crash_dump',
    min: '2.17',
    policy: `${P}servers:trigger_crash_dump`,
    summary: 'Send the guest an NMI',
    async run(r, uuid) {
      await triggerCrashDump(r.deps, r.ctx, uuid);
      return undefined;
    },
  },
  {
    name: 'os-getConsoleOutput',
    policy: `${P}os-console-output`,
    status: 200,
    summary: 'The tail of the console log: {output}',
    body: () => CONSOLE_OUTPUT,
    async run(r, uuid) {
      const raw = r.body['os-getConsoleOutput'].length;
      let length: number | null = raw === undefined || raw === null ? null : Number(raw);
      if (length !== null && length < 0) length = null;
      return { body: { output: await consoleOutput(r.deps, r.ctx, uuid, length) } };
    },
  },
  {
    name: 'os-resetState',
    policy: `${P}os-admin-actions:reset_state`,
    summary: 'Set vm_state active or error, clear task_state',
    body: () => RESET_STATE,
    async run(r, uuid) {
      await resetState(r.deps, r.ctx, uuid, r.body['os-resetState'].state);
      return undefined;
    },
  },
  {
    name: 'resize',
    policy: `${P}servers:resize`,
    summary: 'Resize to another flavor (VERIFY_RESIZE, then confirm or revert)',
    body: () => RESIZE,
    async run(r, uuid) {
      await resizeServer(r.deps, r.ctx, uuid, { flavorRef: String(r.body.resize.flavorRef) });
      return undefined;
    },
  },
  {
    name: 'confirmResize',
    policy: `${P}servers:confirm_resize`,
    status: 204,
    summary: 'Confirm a resize or migration',
    async run(r, uuid) {
      await confirmResize(r.deps, r.ctx, uuid);
      return undefined;
    },
  },
  {
    name: 'revertResize',
    policy: `${P}servers:revert_resize`,
    summary: 'Revert a resize or migration',
    async run(r, uuid) {
      await revertResize(r.deps, r.ctx, uuid);
      return undefined;
    },
  },
  {
    name: 'migrate',
    policy: `${P}os-migrate-server:migrate`,
    summary: 'Cold migrate (host from 2.56)',
    body: migrateSchemaFor,
    async run(r, uuid) {
      const host = r.version.atLeast(2, 56) ? (r.body?.migrate?.host ?? null) : null;
      await resizeServer(r.deps, r.ctx, uuid, { host });
      return undefined;
    },
  },
  {
    name: 'os-migrateLive',
    policy: `${P}os-migrate-server:migrate_live`,
    summary:
      'Live migrate (host optional; block_migration auto from 2.25; pre-checks after the 202 from 2.34, before it a failed one is 400)',
    body: liveMigrateSchemaFor,
    async run(r, uuid) {
      await liveMigrateServer(r.deps, r.ctx, uuid, r.body['os-migrateLive'].host ?? null, {
        asyncPreChecks: r.version.atLeast(2, 34),
      });
      return undefined;
    },
  },
  {
    name: 'evacuate',
    policy: `${P}os-evacuate`,
    status: 200,
    summary: 'Rebuild elsewhere when the host is down ({adminPass} before 2.14)',
    body: evacuateSchemaFor,
    async run(r, uuid) {
      const b = r.body.evacuate;
      const password = await evacuateServer(r.deps, r.ctx, uuid, {
        host: b.host ?? null,
        adminPass: b.adminPass ?? (r.version.atLeast(2, 14) ? null : generatePassword()),
      });
      return r.version.atLeast(2, 14) ? {} : { body: { adminPass: password } };
    },
  },
  {
    name: 'shelve',
    policy: `${P}os-shelve:shelve`,
    summary: 'Shelve (offloaded at once with shelved_offload_time 0)',
    async run(r, uuid) {
      await shelveServer(r.deps, r.ctx, uuid);
      return undefined;
    },
  },
  {
    name: 'shelveOffload',
    policy: `${P}os-shelve:shelve_offload`,
    summary: 'Offload a shelved server (releases its allocation)',
    async run(r, uuid) {
      await shelveOffloadServer(r.deps, r.ctx, uuid);
      return undefined;
    },
  },
  {
    name: 'unshelve',
    policy: `${P}os-shelve:unshelve`,
    summary: 'Unshelve (scheduled again; availability_zone 2.77, host 2.91)',
    body: unshelveSchemaFor,
    async run(r, uuid) {
      const host = r.body?.unshelve?.host ?? null;
      if (host !== null) admit({ policy: `${P}os-shelve:unshelve_to_host` }, r, undefined);
      await unshelveServer(r.deps, r.ctx, uuid, host);
      return undefined;
    },
  },
  {
    name: 'restore',
    policy: `${P}os-deferred-delete:restore`,
    summary: 'Restore a soft-deleted server',
    async run(r, uuid) {
      await restoreServer(r.deps, r.ctx, uuid);
      return undefined;
    },
  },
  {
    name: 'forceDelete',
    policy: `${P}os-deferred-delete:force`,
    summary: 'Delete a soft-deleted server now',
    async run(r, uuid) {
      await forceDeleteServer(r.deps, r.ctx, uuid);
      return undefined;
    },
  },
  {
    name: 'addSecurityGroup',
    policy: `${P}os-security-groups:add`,
    summary: 'Add a security group (fake network)',
    body: () => ADD_SECURITY_GROUP,
    async run(r, uuid) {
      await changeSecurityGroup(r.deps, r.ctx, uuid, r.body.addSecurityGroup.name, true);
      return undefined;
    },
  },
  {
    name: 'removeSecurityGroup',
    policy: `${P}os-security-groups:remove`,
    summary: 'Remove a security group (fake network)',
    body: () => REMOVE_SECURITY_GROUP,
    async run(r, uuid) {
      await changeSecurityGroup(r.deps, r.ctx, uuid, r.body.removeSecurityGroup.name, false);
      return undefined;
    },
  },
  {
    name: 'createImage',
    policy: `${P}servers:create_image`,
    summary: 'Snapshot to a new image (Location header; {image_id} from 2.45)',
    body: () => CREATE_IMAGE,
    async run(r, uuid) {
      const b = r.body.createImage;
      const image = await snapshotServer(r.deps, r.ctx, uuid, { name: b.name, metadata: b.metadata });
      return imageCreated(r, image.id, true);
    },
  },
  {
    name: 'createBackup',
    policy: `${P}os-create-backup`,
    summary: 'Backup image with rotation (Location header; {image_id} from 2.45)',
    body: () => CREATE_BACKUP,
    async run(r, uuid) {
      const b = r.body.createBackup;
      const rotation = Number(b.rotation);
      const image = await backupServer(r.deps, r.ctx, uuid, {
        name: b.name,
        backupType: b.backup_type,
        rotation,
        metadata: b.metadata,
      });
      // NOTE(nova): before 2.45 a backup with rotation 0 answers no Location.
      return imageCreated(r, image.id, rotation > 0);
    },
  },
  ...Object.entries(CONSOLE_ACTIONS).map(
    ([name, run]): ServerAction => ({
      name,
      max: '2.5',
      policy: `${P}os-remote-consoles`,
      status: 200,
      summary: 'A console URL (replaced by remote-consoles in 2.6)',
      run: async (r, uuid) => ({ body: await run(r.deps, r.state, uuid, r.body) }),
    }),
  ),
];

/**
 * The answer to createImage / createBackup: `{image_id}` from 2.45, else a
 * Location header. NOTE(location): Nova names the image on Glance's
 * endpoint; here it is the Compute API's own image URL, whose last segment
 * is the id as the clients read it.
 */
function imageCreated(r: RouteRequest, imageId: string, withLocation: boolean): RouteResult {
  if (r.version.atLeast(2, 45)) return { body: { image_id: imageId } };
  if (!withLocation) return {};
  return { headers: { location: resourceLinks(r.state.base, 'images', imageId)[0].href } };
}

const BY_NAME = new Map<string, ServerAction[]>();
for (const a of SERVER_ACTIONS) BY_NAME.set(a.name, [...(BY_NAME.get(a.name) ?? []), a]);

/** The action key of a body, or InvalidInput with Nova's messages. */
function actionOf(body: unknown): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || Object.keys(body).length !== 1) {
    throw new InvalidInput('Malformed request body');
  }
  const name = Object.keys(body)[0];
  if (!BY_NAME.has(name)) throw new InvalidInput(`There is no such action: ${name}`);
  return name;
}

export const SERVER_ACTIONS_ROUTES: readonly ComputeRoute[] = [
  {
    method: 'POST',
    path: '/servers/:server_id/action',
    policy: null,
    summary: 'Server actions (see the action table)',
    async handler(r) {
      const name = actionOf(r.body);
      const action = BY_NAME.get(name)?.find((a) => inRange(r.version, a));
      if (!action) throw new NotFound('The resource could not be found.');
      const body = admit(action, r, r.body);
      const result = await action.run({ ...r, body }, r.params.server_id);
      return { status: result?.status ?? action.status ?? 202, body: result?.body, headers: result?.headers };
    },
  },
];
