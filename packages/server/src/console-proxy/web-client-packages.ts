/**
 * The npm packages of the console proxies' default web clients. Their code
 * runs in the browser, never here: the proxies load each package's manifest
 * to find its files and name its version in the start-up log, and serve the
 * files. An operator's `[vnc] novnc_web` / `[spice] html5_web` directory
 * replaces them.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

export interface WebClientPackage {
  readonly name: string;
  readonly version: string;
  /** The installed package's directory. */
  readonly root: string;
}

const require = createRequire(import.meta.url);

function located(name: string, manifest: { version: string }): WebClientPackage {
  return { name, version: manifest.version, root: dirname(require.resolve(`${name}/package.json`)) };
}

/** noVNC (`@novnc/novnc`): its `lib/` holds the RFB client as CommonJS. */
export function noVncPackage(): WebClientPackage {
  return located('@novnc/novnc', require('@novnc/novnc/package.json'));
}

/** spice-html5 (`@spice-project/spice-html5`): its own spice_auto.html and ES modules. */
export function spiceHtml5Package(): WebClientPackage {
  return located('@spice-project/spice-html5', require('@spice-project/spice-html5/package.json'));
}

/** `@novnc/novnc 1.6.0 (npm)`, for the proxies' start-up line. */
export function describeWebClient(pkg: WebClientPackage): string {
  return `${pkg.name} ${pkg.version} (npm)`;
}
