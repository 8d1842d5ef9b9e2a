/**
 * vcsim for the VMware driver's tests: builds test/support/vcsim/main.go
 * once (golang-go with GO111MODULE=off and Debian's govmomi source under
 * /usr/share/gocode; about a minute), caches the binary in the temp dir
 * keyed by the source's hash, and starts one simulator per call on a free
 * port. The simulator exits when its stdin closes, so it dies with us.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const SOURCE = join(__dirname, 'main.go');
const GOCODE = '/usr/share/gocode';

export interface Vcsim {
  /** `https://127.0.0.1:PORT/sdk` (no credentials in it). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  stop(): Promise<void>;
}

/** Why vcsim cannot be built here, or null when it can (CI must fail, not skip). */
export function vcsimUnavailable(): string | null {
  if (!existsSync(join(GOCODE, 'src/github.com/vmware/govmomi/simulator')))
    return 'golang-github-vmware-govmomi-dev is not installed';
  if (!existsSync('/usr/bin/go')) return 'golang-go is not installed';
  return null;
}

let building: Promise<string> | null = null;

/** The path of the vcsim binary, built when the cache has none for this source. */
export function buildVcsim(): Promise<string> {
  building ??= (async () => {
    const hash = createHash('sha256').update(readFileSync(SOURCE)).digest('hex').slice(0, 16);
    const dir = join(tmpdir(), 'novats-vcsim-cache');
    const binary = join(dir, `vcsim-${hash}`);
    if (existsSync(binary)) return binary;
    mkdirSync(dir, { recursive: true });
    const partial = `${binary}.${process.pid}.tmp`;
    await promisify(execFile)('go', ['build', '-o', partial, SOURCE], {
      cwd: dirname(SOURCE),
      env: {
        ...process.env,
        GO111MODULE: 'off',
        GOPATH: `${join(dir, 'gopath')}:${GOCODE}`,
        GOCACHE: join(dir, 'gocache'),
      },
      timeout: 300_000,
    });
    // NOTE(atomic): two test files may build at once; the rename makes either result the cache.
    renameSync(partial, binary);
    return binary;
  })();
  return building;
}

export async function startVcsim(): Promise<Vcsim> {
  const binary = await buildVcsim();
  const username = 'novats';
  const password = `vcsim-${process.pid}`;
  const child: ChildProcess = spawn(binary, ['-username', username, '-password', password], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const url = await new Promise<URL>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`vcsim did not start in 20 s:\n${out}`)), 20_000);
    const onData = (d: Buffer) => {
      out += d;
      const m = /VCSIM_URL=(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(new URL(m[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`vcsim exited ${code}:\n${out}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    url: `${url.protocol}//${url.host}${url.pathname}`,
    host: url.hostname,
    port: Number(url.port),
    username,
    password,
    async stop() {
      child.stdin?.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
