/** os-instance-actions bodies (Nova's views of InstanceAction and its events), by microversion. */
import type { InstanceActionEvent, InstanceActionRecord } from '@novats/core';
import type { ApiVersion } from '../api-version.js';

/** Nova prints these times without a zone, with microseconds from 2.58 on. */
function actionTime(iso: string | null, v: ApiVersion): string | null {
  if (!iso) return null;
  return v.atLeast(2, 58) ? `${iso.slice(0, 23)}000` : iso.slice(0, 23).replace(/\.\d+$/, '.000000');
}

export function instanceActionView(a: InstanceActionRecord, v: ApiVersion): Record<string, unknown> {
  const out: Record<string, unknown> = {
    action: a.action,
    instance_uuid: a.instance_uuid,
    request_id: a.request_id,
    user_id: a.user_id,
    project_id: a.project_id,
    start_time: actionTime(a.start_time, v),
    message: a.message,
  };
  if (v.atLeast(2, 58)) out.updated_at = actionTime(a.updated_at ?? a.start_time, v);
  return out;
}

export function actionEventView(
  e: InstanceActionEvent,
  v: ApiVersion,
  opts: { traceback: boolean; details: boolean; hostId: string },
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    event: e.event,
    start_time: actionTime(e.start_time, v),
    finish_time: actionTime(e.finish_time, v),
    result: e.result,
  };
  if (opts.traceback) out.traceback = e.traceback;
  if (v.atLeast(2, 62)) {
    out.hostId = opts.hostId;
    if (opts.traceback) out.host = e.host;
  }
  if (v.atLeast(2, 84) && opts.details) out.details = e.details;
  return out;
}
