/**
 * What a console proxy serves over plain HTTP besides the websocket: the
 * web client. Either a directory (an operator's `[vnc] novnc_web`, Debian's
 * /usr/share/novnc, or the spice-html5 package) or the npm noVNC client
 * with our page. Paths never leave the directory; `//` paths are refused
 * (Nova's open-redirect guard).
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { bundleCommonJs } from './commonjs-bundle.js';
import { NOVNC_PAGE } from './novnc-page.js';
import { noVncPackage, spiceHtml5Package } from './web-client-packages.js';

export interface WebFile {
  readonly status: 200 | 400 | 404;
  readonly contentType: string;
  readonly body: Buffer | string;
}

/** Answers GET requests for the web client's files. */
export type WebSite = (urlPath: string) => Promise<WebFile>;

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.ogg': 'audio/ogg',
  '.mp3': 'audio/mpeg',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

const NOT_FOUND: WebFile = {
  status: 404,
  contentType: 'text/plain; charset=utf-8',
  body: 'File not found\n',
};
const BAD_PATH: WebFile = {
  status: 400,
  contentType: 'text/plain; charset=utf-8',
  body: 'URI must not start with //\n',
};

function pathOf(urlPath: string): string | null {
  const path = urlPath.split('?')[0];
  if (path.startsWith('//')) return null;
  try {
    return decodeURIComponent(path);
  } catch {
    return '/';
  }
}

/** Files under `root`; `/` is `index` (a page name inside root). */
export function directorySite(root: string, index: string): WebSite {
  const base = normalize(root);
  return async (urlPath) => {
    const path = pathOf(urlPath);
    if (path === null) return BAD_PATH;
    const file = normalize(join(base, path === '/' ? index : path));
    if (file !== base && !file.startsWith(base + sep)) return NOT_FOUND;
    try {
      if (!(await stat(file)).isFile()) return NOT_FOUND;
      return {
        status: 200,
        contentType: TYPES[extname(file)] ?? 'application/octet-stream',
        body: await readFile(file),
      };
    } catch {
      return NOT_FOUND;
    }
  };
}

/** The npm @novnc/novnc client behind our page, at Nova's and noVNC's page names. */
export function npmNoVncSite(): WebSite {
  const rfb = join(noVncPackage().root, 'lib', 'rfb.js');
  let bundle: string | null = null;
  const pages = new Set(['/', '/vnc_auto.html', '/vnc_lite.html', '/vnc.html']);
  return async (urlPath) => {
    const path = pathOf(urlPath);
    if (path === null) return BAD_PATH;
    if (pages.has(path)) return { status: 200, contentType: TYPES['.html'], body: NOVNC_PAGE };
    if (path === '/novnc/rfb.js') {
      bundle ??= bundleCommonJs(rfb, 'RFB');
      return { status: 200, contentType: TYPES['.js'], body: bundle };
    }
    return NOT_FOUND;
  };
}

/** The npm spice-html5 client: its own spice_auto.html and sources. */
export function npmSpiceHtml5Site(): WebSite {
  return directorySite(spiceHtml5Package().root, 'spice_auto.html');
}
