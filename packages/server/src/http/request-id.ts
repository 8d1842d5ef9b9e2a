/** Request ids as OpenStack services issue them: `req-<uuid>`. */
import { randomUUID } from 'node:crypto';

export function newRequestId(): string {
  return `req-${randomUUID()}`;
}
