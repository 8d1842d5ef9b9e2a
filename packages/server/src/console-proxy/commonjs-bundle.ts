/**
 * Joins a package's CommonJS modules into one browser script: a table of
 * module functions and a small `require`, entered at one file. The npm
 * @novnc/novnc package ships only CommonJS (lib/) and no browser build, and
 * every require in it is a relative path, so following them from the entry
 * is all the bundling it needs. Built once per proxy, in memory.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const REQUIRE = /\brequire\("(\.{1,2}\/[^"]+)"\)/g;

/** A statement at column 0 assigning an awaited value (noVNC's H.264 probe in util/browser.js). */
const TOP_LEVEL_AWAIT = /^(\S[^\n]*?=\s*)await\s+([^\n]+);[ \t]*$/gm;

/**
 * A module function cannot await at its top level, so such an assignment
 * happens once the promise settles; until then the export is undefined (for
 * noVNC: "H.264 decoding not known to be supported", which is what it means).
 */
function deferTopLevelAwait(source: string): string {
  return source.replace(
    TOP_LEVEL_AWAIT,
    (_m, target: string, expr: string) =>
      `${target}undefined; Promise.resolve(${expr}).then(function (v) { ${target}v; });`,
  );
}

/** The script: `globalName` gets the entry module's `default` export (or its exports). */
export function bundleCommonJs(entryFile: string, globalName: string): string {
  const root = dirname(entryFile);
  const modules = new Map<string, string>();
  const pending = [normalize(entryFile)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    const id = relative(root, file).split('\\').join('/');
    if (modules.has(id)) continue;
    const source = deferTopLevelAwait(readFileSync(file, 'utf8'));
    // Each require names a path relative to its own file; the table is keyed relative to the entry.
    const rewritten = source.replace(REQUIRE, (_m, spec: string) => {
      const target = normalize(join(dirname(file), spec.endsWith('.js') ? spec : `${spec}.js`));
      pending.push(target);
      return `require(${JSON.stringify(relative(root, target).split('\\').join('/'))})`;
    });
    modules.set(id, rewritten);
  }
  const entryId = relative(root, entryFile).split('\\').join('/');
  const table = [...modules]
    .map(([id, src]) => `${JSON.stringify(id)}: function (module, exports, require) {\n${src}\n}`)
    .join(',\n');
  return `(function () {
var defs = {${table}};
var cache = {};
function require(id) {
  if (cache[id]) return cache[id].exports;
  var module = { exports: {} };
  cache[id] = module;
  defs[id](module, module.exports, require);
  return module.exports;
}
var entry = require(${JSON.stringify(entryId)});
window[${JSON.stringify(globalName)}] = entry && entry["default"] ? entry["default"] : entry;
})();
`;
}
