/**
 * The message body on the wire, in oslo.messaging's envelope shape:
 * `{"oslo.version": "2.0", "oslo.message": "<json>"}` where the inner JSON
 * holds `method`, `args`, the request context flattened as `_context_<key>`,
 * and for calls `_msg_id` / `_reply_q`. Replies carry `result` or `failure`
 * (the SerializedRemoteError of remote-error.ts) and `ending: true`.
 */
import type { SerializedRemoteError } from '../remote-error.js';

export interface RpcRequest {
  readonly method: string;
  readonly args: unknown;
  readonly ctx: Record<string, unknown>;
  /** Present for calls: the id the reply must carry and where it goes. */
  readonly msgId?: string;
  readonly replyQueue?: string;
}

export type RpcReply =
  | { readonly msgId: string; readonly ok: true; readonly result: unknown }
  | { readonly msgId: string; readonly ok: false; readonly failure: SerializedRemoteError };

/** A body this driver cannot read; the consumer logs it and drops the message. */
export class UndecodableMessage extends Error {}

const CONTEXT_PREFIX = '_context_';

function wrap(inner: Record<string, unknown>): Buffer {
  return Buffer.from(JSON.stringify({ 'oslo.version': '2.0', 'oslo.message': JSON.stringify(inner) }));
}

function unwrap(content: Buffer): Record<string, unknown> {
  let outer: unknown;
  let inner: unknown;
  try {
    outer = JSON.parse(content.toString('utf8'));
    const text = (outer as Record<string, unknown> | null)?.['oslo.message'];
    inner = typeof text === 'string' ? JSON.parse(text) : outer;
  } catch (err) {
    throw new UndecodableMessage(`not JSON: ${(err as Error).message}`);
  }
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner))
    throw new UndecodableMessage('the message is not a JSON object');
  return inner as Record<string, unknown>;
}

export function encodeRequest(req: RpcRequest): Buffer {
  const inner: Record<string, unknown> = { method: req.method, args: req.args ?? null };
  for (const [key, value] of Object.entries(req.ctx)) inner[CONTEXT_PREFIX + key] = value;
  if (req.msgId !== undefined) {
    inner._msg_id = req.msgId;
    inner._reply_q = req.replyQueue;
  }
  return wrap(inner);
}

export function decodeRequest(content: Buffer): RpcRequest {
  const inner = unwrap(content);
  if (typeof inner.method !== 'string' || inner.method === '')
    throw new UndecodableMessage('the message names no method');
  const ctx: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(inner))
    if (key.startsWith(CONTEXT_PREFIX)) ctx[key.slice(CONTEXT_PREFIX.length)] = value;
  const msgId = typeof inner._msg_id === 'string' ? inner._msg_id : undefined;
  const replyQueue = typeof inner._reply_q === 'string' ? inner._reply_q : undefined;
  return { method: inner.method, args: inner.args ?? null, ctx, msgId, replyQueue };
}

export function encodeReply(reply: RpcReply): Buffer {
  return wrap(
    reply.ok
      ? { _msg_id: reply.msgId, result: reply.result ?? null, failure: null, ending: true }
      : { _msg_id: reply.msgId, result: null, failure: reply.failure, ending: true },
  );
}

export function decodeReply(content: Buffer): RpcReply {
  const inner = unwrap(content);
  if (typeof inner._msg_id !== 'string') throw new UndecodableMessage('the reply carries no _msg_id');
  const failure = inner.failure as SerializedRemoteError | null | undefined;
  if (failure && typeof failure === 'object' && typeof failure.code === 'string')
    return { msgId: inner._msg_id, ok: false, failure };
  return { msgId: inner._msg_id, ok: true, result: inner.result ?? null };
}
