/**
 * A tiny bootable guest made from Debian packages only, for the real-QEMU
 * tests: the current Debian kernel (`apt-get download` of the package that
 * linux-image-amd64 depends on; its vmlinuz extracted, nothing installed)
 * and an initramfs (cpio newc, gzip) holding busybox-static, whose /init
 * prints TINY_GUEST_LINE on ttyS0 and then a heartbeat every 2 s. A small raw
 * disk carries TINY_GUEST_DISK_MARK. Built once and cached under the temp dir.
 * `registerGuestImages` uploads them to a Glance v2 image API (the embedded
 * one of `novats up`) as Nova's aki, ari and ami images.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const TINY_GUEST_LINE = 'NOVATS-TINY-GUEST: hello from the guest';
export const TINY_GUEST_DISK_MARK = 'NOVATS-TINY-GUEST-DISK';
const CACHE = join(tmpdir(), 'novats-cache', 'tiny-guest-v1');

export interface TinyGuest {
  readonly kernel: string;
  readonly initramfs: string;
  readonly disk: string;
  /** The Debian kernel package the kernel came from. */
  readonly kernelPackage: string;
}

const INIT = `#!/bin/busybox sh
/bin/busybox mkdir -p /proc /sys /dev /tmp
/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox mount -t proc proc /proc
echo "${TINY_GUEST_LINE}" > /dev/ttyS0
n=0
while true; do
  n=$((n + 1))
  echo "heartbeat $n" > /dev/ttyS0
  /bin/busybox sleep 2
done
`;

/** One cpio "newc" entry (the format the kernel unpacks into its initial rootfs). */
function newcEntry(
  name: string,
  mode: number,
  data: Buffer,
  ino: number,
  rdev: [number, number] = [0, 0],
): Buffer {
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  const fields = [ino, mode, 0, 0, 1, 0, data.length, 0, 0, rdev[0], rdev[1], name.length + 1, 0];
  const header = Buffer.from(`070701${fields.map(hex).join('')}`, 'ascii');
  const pad = (n: number) => Buffer.alloc((4 - (n % 4)) % 4);
  const nameBuf = Buffer.from(`${name}\0`, 'ascii');
  return Buffer.concat([header, nameBuf, pad(header.length + nameBuf.length), data, pad(data.length)]);
}

export function buildInitramfs(busybox: Buffer): Buffer {
  const DIR = 0o040755;
  const FILE = 0o100755;
  const CHR = 0o020600;
  const entries = [
    newcEntry('bin', DIR, Buffer.alloc(0), 1),
    newcEntry('dev', DIR, Buffer.alloc(0), 2),
    newcEntry('dev/console', CHR, Buffer.alloc(0), 3, [5, 1]),
    newcEntry('proc', DIR, Buffer.alloc(0), 4),
    newcEntry('sys', DIR, Buffer.alloc(0), 5),
    newcEntry('bin/busybox', FILE, busybox, 6),
    newcEntry('init', FILE, Buffer.from(INIT), 7),
    newcEntry('TRAILER!!!', 0, Buffer.alloc(0), 0),
  ];
  return gzipSync(Buffer.concat(entries));
}

/** `apt-get download` of `pkg` into a scratch directory; returns the .deb path. */
function download(pkg: string, dir: string): string {
  execFileSync('apt-get', ['download', '-qq', pkg], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 600_000,
  });
  const deb = readdirSync(dir).find((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'));
  if (!deb) throw new Error(`apt-get download ${pkg} produced no .deb`);
  return join(dir, deb);
}

function kernelPackage(): string {
  const depends = execFileSync('apt-cache', ['depends', 'linux-image-amd64'], { encoding: 'utf8' });
  const pkg = /Depends:\s+(linux-image-\S+-amd64)/.exec(depends)?.[1];
  if (!pkg) throw new Error(`cannot tell which kernel linux-image-amd64 depends on:\n${depends}`);
  return pkg;
}

/** Builds the tiny guest, or returns the cached one. Needs apt-get, dpkg-deb and the Debian archive. */
export function tinyGuest(): TinyGuest {
  const files = {
    kernel: join(CACHE, 'vmlinuz'),
    initramfs: join(CACHE, 'initramfs.gz'),
    disk: join(CACHE, 'disk.raw'),
    pkg: join(CACHE, 'kernel-package'),
  };
  if (Object.values(files).every((f) => existsSync(f))) {
    return { ...files, kernelPackage: readFileSync(files.pkg, 'utf8') };
  }
  mkdirSync(CACHE, { recursive: true });
  const work = mkdtempSync(join(CACHE, 'build-'));
  try {
    const pkg = kernelPackage();
    const kernelDeb = download(pkg, work);
    const tree = join(work, 'kernel');
    mkdirSync(tree);
    execFileSync('sh', [
      '-c',
      `dpkg-deb --fsys-tarfile "$1" | tar -x -C "$2" --wildcards './boot/vmlinuz-*'`,
      'sh',
      kernelDeb,
      tree,
    ]);
    const vmlinuz = readdirSync(join(tree, 'boot')).find((f) => f.startsWith('vmlinuz-'));
    if (!vmlinuz) throw new Error(`${pkg} holds no /boot/vmlinuz-*`);
    const bbDeb = download('busybox-static', work);
    const bbTree = join(work, 'busybox');
    execFileSync('dpkg-deb', ['-x', bbDeb, bbTree]);
    const busybox = readFileSync(join(bbTree, 'bin', 'busybox'));
    const disk = Buffer.alloc(1024 * 1024);
    disk.write(TINY_GUEST_DISK_MARK, 0, 'ascii');
    // NOTE(atomic): each file is renamed into place, so an interrupted build never leaves a half guest.
    writeFileSync(`${files.initramfs}.new`, buildInitramfs(busybox));
    writeFileSync(`${files.disk}.new`, disk);
    writeFileSync(`${files.pkg}.new`, pkg);
    renameSync(join(tree, 'boot', vmlinuz), files.kernel);
    for (const f of [files.initramfs, files.disk, files.pkg]) renameSync(`${f}.new`, f);
    return { ...files, kernelPackage: pkg };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export interface GuestImages {
  readonly kernelId: string;
  readonly ramdiskId: string;
  readonly machineId: string;
}

/**
 * Creates the tiny guest's three images through Glance's v2 API and uploads
 * their data: kernel (aki), ramdisk (ari) and the machine image (ami) naming
 * them in kernel_id and ramdisk_id, with the initramfs as init.
 */
export async function registerGuestImages(
  imageApi: string,
  guest: TinyGuest,
  token = 'admin:admin',
): Promise<GuestImages> {
  const headers = { 'x-auth-token': token };
  const add = async (name: string, format: string, path: string, properties: Record<string, string> = {}) => {
    const created = await fetch(`${imageApi}/v2/images`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        name,
        disk_format: format,
        container_format: format,
        visibility: 'public',
        ...properties,
      }),
    });
    if (created.status !== 201)
      throw new Error(`POST /v2/images ${name}: ${created.status} ${await created.text()}`);
    const { id } = (await created.json()) as { id: string };
    const uploaded = await fetch(`${imageApi}/v2/images/${id}/file`, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/octet-stream' },
      body: readFileSync(path),
    });
    if (uploaded.status !== 204)
      throw new Error(`PUT /v2/images/${id}/file: ${uploaded.status} ${await uploaded.text()}`);
    return id;
  };
  const kernelId = await add('tiny-vmlinuz', 'aki', guest.kernel);
  const ramdiskId = await add('tiny-initramfs', 'ari', guest.initramfs);
  const machineId = await add('tiny-guest', 'ami', guest.disk, {
    kernel_id: kernelId,
    ramdisk_id: ramdiskId,
    // NOTE(tcg): quiet keeps the kernel's boot log off the emulated serial port and VGA console: a faster first line.
    os_command_line: 'root=/dev/vda rdinit=/init quiet',
  });
  return { kernelId, ramdiskId, machineId };
}
