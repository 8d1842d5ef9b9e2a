/**
 * Errors as Glance sends them: webob's HTTP exceptions, rendered by the
 * client's Accept header. JSON clients (keystoneauth sends
 * `Accept: application/json`) get `{"message", "code": "404 Not Found",
 * "title"}` with the explanation followed by webob's `<br /><br />`; others
 * get webob's plain-text page. The status comes from the error's own.
 */
import { isNovaError } from '@novats/core';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface GlanceFault {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** webob's rendering of HTTP<status>(explanation=...). */
export function glanceFault(status: number, explanation: string, accept: string | undefined): GlanceFault {
  const title = TITLES[status] ?? 'Error';
  const code = `${status} ${title}`;
  const body = `${explanation}<br /><br />\n\n\n`;
  if ((accept ?? '').includes('application/json'))
    return { status, contentType: 'application/json', body: JSON.stringify({ message: body, code, title }) };
  // NOTE(webob): the plain page strips tags: newlines become spaces, <br /> a newline.
  const plain = body.replace(/\n/g, ' ').replace(/<br \/>/g, '\n');
  return { status, contentType: 'text/plain; charset=UTF-8', body: `${code}\n\n${plain}` };
}

/** The fault for anything a handler threw: a NovaError keeps its status and message, the rest is a 500. */
export function faultOf(err: unknown, accept: string | undefined): GlanceFault {
  if (isNovaError(err)) return glanceFault(err.status, err.message, accept);
  const status = (err as { statusCode?: number }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500)
    return glanceFault(status, (err as Error).message, accept);
  return glanceFault(
    500,
    'The server has either erred or is incapable of performing the requested operation.',
    accept,
  );
}
