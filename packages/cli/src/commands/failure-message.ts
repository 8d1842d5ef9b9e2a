/**
 * What `novats` prints when a command fails: one line, and for the failures
 * a user fixes on their side (a database server that is down or refuses the
 * credentials, a port that is taken) what to do next. Matched on the
 * errors' `code`, never on their text.
 */
import { isNovaError } from '@novats/core';
import { parseConnectionUrl } from '@novats/drivers';

/** Driver codes of a server that is not there (as opposed to one that said no). */
const NOT_LISTENING = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN']);
/** MariaDB/MySQL and PostgreSQL codes for a wrong user or password. */
const CREDENTIALS_REFUSED = new Set(['ER_ACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR', '28P01', '28000']);

const SERVER_NAMES = { mysql: 'MariaDB/MySQL', postgresql: 'PostgreSQL' } as const;

function databaseServerHint(maskedUrl: string, reason: string): string {
  let where = maskedUrl;
  let server = 'The database server';
  try {
    const c = parseConnectionUrl(maskedUrl);
    if (c.dialect !== 'sqlite') {
      server = SERVER_NAMES[c.dialect];
      where = `${c.host}:${c.port}`;
    }
  } catch {
    /* the URL was accepted once; keep it as it is */
  }
  if (CREDENTIALS_REFUSED.has(reason))
    return `${server} at ${where} refused the user or password in --database (${reason}); fix them in the URL.`;
  const what = NOT_LISTENING.has(reason) ? 'is not reachable' : 'did not answer';
  return `${server} ${what} at ${where} (${reason}); start it, fix the host and port in --database, or leave --database out to run on SQLite.`;
}

export function failureMessage(err: unknown): string {
  const e = err as { code?: unknown; port?: unknown; message?: unknown; maskedUrl?: string; reason?: string };
  if (isNovaError(err) && err.code === 'db.server_unreachable')
    return databaseServerHint(e.maskedUrl ?? '', e.reason ?? '');
  if (e.code === 'EADDRINUSE') {
    const port = typeof e.port === 'number' ? e.port : /:(\d+)\s*$/.exec(String(e.message))?.[1];
    return `Port ${port ?? '?'} is taken (another novats up?). Stop it, or choose other ports: novats up --help.`;
  }
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
