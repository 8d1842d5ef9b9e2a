// `novats up` in a child process for the all-in-one benchmarks: every port
// free (the identity service's too, so that runs side by side never collide),
// resolved once it prints its Compute API endpoint; killed if the bench dies.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpJson } from './http-client.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Starts the cloud; resolves `{ child, compute, request }` (`request(method, path, body)` as admin). */
export async function startNovatsUpChild({ hosts, stateDir, cpuProfDir, extraArgs = [] }) {
  const args = ['up', '--hosts', String(hosts), '--state-dir', stateDir];
  for (const port of ['--compute-port', '--placement-port', '--image-port', '--identity-port'])
    args.push(port, '0');
  const nodeArgs = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [];
  const child = spawn(
    process.execPath,
    [...nodeArgs, join(root, 'packages/cli/dist/novats.cjs'), ...args, ...extraArgs],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  process.on('exit', () => child.kill('SIGKILL'));
  const compute = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /Compute API\s+(\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`novats up exited with ${code}`)));
  });
  const headers = { 'x-auth-token': 'admin:admin' };
  const request = (method, path, body) => httpJson(`${compute}${path}`, method, body, headers);
  return { child, compute, request };
}
