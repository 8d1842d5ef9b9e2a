/**
 * Starts libvirtd on this machine when it is not running, idempotently, the
 * way a clean CI container needs it (no systemd): Debian's QEMU driver wants
 * a `libvirt-qemu` user and group and /var/log/libvirt/qemu (else libvirtd
 * exits silently); without virtlogd QEMU writes its own logs
 * (`stdio_handler = "file"`); guests run as root with no security driver
 * and no ownership changes. libvirtd then answers on /run/libvirt/libvirt-sock.
 * NOTE(daemon): libvirtd is left running afterwards, like MariaDB and RabbitMQ.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { LibvirtClient } from '@novats/drivers';

export const LIBVIRT_SOCKET = '/run/libvirt/libvirt-sock';
const QEMU_CONF = '/etc/libvirt/qemu.conf';
const QEMU_SETTINGS: Record<string, string> = {
  stdio_handler: '"file"',
  security_driver: '"none"',
  dynamic_ownership: '0',
  user: '"root"',
  group: '"root"',
  remember_owner: '0',
};

/** Why libvirt tests cannot run here, or null when libvirtd's packages are installed. */
export function libvirtMissing(): string | null {
  for (const [bin, pkg] of [
    ['/usr/sbin/libvirtd', 'libvirt-daemon'],
    ['/usr/bin/qemu-system-x86_64', 'qemu-system-x86'],
    ['/usr/bin/qemu-img', 'qemu-utils'],
  ]) {
    if (!existsSync(bin)) return `${bin} is missing: apt-get install -y ${pkg} libvirt-daemon-driver-qemu`;
  }
  return null;
}

async function answers(): Promise<boolean> {
  try {
    const client = await LibvirtClient.connect('test:///default');
    await client.close();
    return true;
  } catch {
    return false;
  }
}

function ensureAccount(): void {
  if (spawnSync('getent', ['group', 'libvirt-qemu']).status !== 0) {
    execFileSync('groupadd', ['--system', 'libvirt-qemu']);
  }
  if (spawnSync('getent', ['passwd', 'libvirt-qemu']).status !== 0) {
    execFileSync('useradd', [
      '--system',
      '--gid',
      'libvirt-qemu',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      'libvirt-qemu',
    ]);
  }
}

/** Sets our keys in qemu.conf, keeping whatever else an operator wrote there. */
function ensureQemuConf(): void {
  mkdirSync('/etc/libvirt', { recursive: true });
  const lines = existsSync(QEMU_CONF) ? readFileSync(QEMU_CONF, 'utf8').split('\n') : [];
  const kept = lines.filter(
    (line) => !Object.keys(QEMU_SETTINGS).some((k) => new RegExp(`^\\s*${k}\\s*=`).test(line)),
  );
  const ours = Object.entries(QEMU_SETTINGS).map(([k, v]) => `${k} = ${v}`);
  const next = [...kept.filter((l, i) => l !== '' || i < kept.length - 1), ...ours, ''].join('\n');
  if (next !== lines.join('\n')) writeFileSync(QEMU_CONF, next);
}

/** Makes sure libvirtd answers on its socket; throws with the reason when it cannot. */
export async function ensureLibvirtd(): Promise<void> {
  const missing = libvirtMissing();
  if (missing) throw new Error(missing);
  if (await answers()) return;
  ensureAccount();
  for (const dir of ['/var/log/libvirt/qemu', '/var/lib/libvirt/qemu', '/run/libvirt'])
    mkdirSync(dir, { recursive: true });
  ensureQemuConf();
  const started = spawnSync('/usr/sbin/libvirtd', ['-d'], { encoding: 'utf8', timeout: 30_000 });
  if (started.status !== 0) throw new Error(`libvirtd -d failed: ${started.stderr || started.status}`);
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (await answers()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`libvirtd started but does not answer on ${LIBVIRT_SOCKET} (see /var/log/libvirt)`);
}
