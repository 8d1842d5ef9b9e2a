/**
 * POST /servers/{id}/action (Nova's action dispatch): the body has exactly
 * one key naming the action ("Malformed request body" otherwise, "There is
 * no such action" for an unknown key); the body is validated before the
 * server is looked up, as Nova's schema decorators run first. 202, no body.
 */
import { InvalidInput } from '@novats/core';
import type { FastifyInstance } from 'fastify';
import type { ComputeApiDeps } from '../../compute-api/compute-api-deps.js';
import {
  lockServer,
  type RebootType,
  rebootServer,
  startServer,
  stopServer,
  unlockServer,
} from '../../compute-api/server-actions.js';
import { compileValidator } from '../../http/validation.js';
import { CONSOLE_ACTIONS } from './console-actions.js';
import { type ComputeRequestState, stateOf } from './request-state.js';
import { lockV273Schema, rebootSchema } from './schemas/server-actions.js';

type ActionBody = Record<string, any>;
type ActionHandler = (
  deps: ComputeApiDeps,
  s: ComputeRequestState,
  uuid: string,
  body: ActionBody,
) => Promise<unknown>;

const validateReboot = compileValidator<{ reboot: { type: string } }>(rebootSchema);
const validateLock = compileValidator<{ lock: { locked_reason?: string } | null }>(lockV273Schema);

/** The actions served so far, by body key; add one entry per new action. */
const ACTIONS: Readonly<Record<string, ActionHandler>> = {
  'os-stop': (deps, s, uuid) => stopServer(deps, s.ctx, uuid),
  'os-start': (deps, s, uuid) => startServer(deps, s.ctx, uuid),
  reboot: (deps, s, uuid, body) => {
    const type = validateReboot(body).reboot.type.toUpperCase() as RebootType;
    return rebootServer(deps, s.ctx, uuid, type);
  },
  lock: (deps, s, uuid, body) => {
    // NOTE(nova): before 2.73 the lock body is not validated and carries no reason.
    const reason = s.version.atLeast(2, 73) ? (validateLock(body).lock?.locked_reason ?? null) : null;
    return lockServer(deps, s.ctx, uuid, reason);
  },
  unlock: (deps, s, uuid) => unlockServer(deps, s.ctx, uuid),
  ...CONSOLE_ACTIONS,
};

/** The action key of a body, or InvalidInput with Nova's messages. */
function actionOf(body: unknown): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || Object.keys(body).length !== 1) {
    throw new InvalidInput('Malformed request body');
  }
  const name = Object.keys(body)[0];
  if (!Object.hasOwn(ACTIONS, name)) throw new InvalidInput(`There is no such action: ${name}`);
  return name;
}

export function serverActionsRoutes(app: FastifyInstance, deps: ComputeApiDeps): void {
  app.post('/servers/:server_id/action', async (req, reply) => {
    const s = stateOf(req);
    const uuid = (req.params as { server_id: string }).server_id;
    const name = actionOf(req.body);
    const result = await ACTIONS[name](deps, s, uuid, req.body as ActionBody);
    // NOTE(nova): most actions answer 202 with no body; those with a result (consoles) answer 200.
    return result === undefined ? reply.code(202).send() : reply.code(200).send(result);
  });
}
