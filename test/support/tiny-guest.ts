/**
 * A tiny bootable guest made from Debian packages only, for the real-QEMU
 * tests: the current Debian kernel (`apt-get download` of the package that
 * linux-image-amd64 depends on; its vmlinuz extracted, nothing installed)
 * and an initramfs (cpio newc, gzip) holding busybox-static, whose /init
 * prints TINY_GUEST_LINE on ttyS0 and then a heartbeat every 2 s. A small raw
 * disk carries TINY_GUEST_DISK_MARK. Built once and cached under the temp dir.
 * Also serves them as a read-only Glance v2 for the cloud under test.
 */
import { execFileSync } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
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
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A read-only Glance v2 (image documents and /file) holding the tiny guest
 * as Nova's three images: kernel (aki), ramdisk (ari) and the machine image
 * (ami) naming them in kernel_id and ramdisk_id.
 */
export async function serveGuestImages(guest: TinyGuest): Promise<GuestImages> {
  const ids = {
    kernelId: 'a1a1a1a1-0000-4000-8000-00000000aki0',
    ramdiskId: 'a1a1a1a1-0000-4000-8000-00000000ari0',
    machineId: 'a1a1a1a1-0000-4000-8000-00000000ami0',
  };
  const doc = (id: string, name: string, fmt: string, path: string, extra: Record<string, string> = {}) => ({
    id,
    name,
    status: 'active',
    visibility: 'public',
    owner: null,
    container_format: fmt,
    disk_format: fmt,
    size: statSync(path).size,
    min_ram: 0,
    min_disk: 0,
    protected: false,
    tags: [],
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    self: `/v2/images/${id}`,
    file: `/v2/images/${id}/file`,
    schema: '/v2/schemas/image',
    ...extra,
  });
  const images = new Map<string, { doc: Record<string, unknown>; path: string }>([
    [ids.kernelId, { doc: doc(ids.kernelId, 'tiny-vmlinuz', 'aki', guest.kernel), path: guest.kernel }],
    [
      ids.ramdiskId,
      { doc: doc(ids.ramdiskId, 'tiny-initramfs', 'ari', guest.initramfs), path: guest.initramfs },
    ],
    [
      ids.machineId,
      {
        doc: doc(ids.machineId, 'tiny-guest', 'ami', guest.disk, {
          kernel_id: ids.kernelId,
          ramdisk_id: ids.ramdiskId,
          os_command_line: 'root=/dev/vda rdinit=/init',
        }),
        path: guest.disk,
      },
    ],
  ]);
  const server: Server = createServer((req, res) => {
    const m = /^\/v2\/images(?:\/([^/]+))?(\/file)?\/?(?:\?.*)?$/.exec(req.url ?? '');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (!m) return json(404, { code: 404, title: 'Not Found' });
    if (!m[1]) return json(200, { images: [...images.values()].map((i) => i.doc), first: '/v2/images' });
    const image = images.get(m[1]);
    if (!image)
      return json(404, { code: 404, title: 'Not Found', message: `No image found with ID ${m[1]}` });
    if (!m[2]) return json(200, image.doc);
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': statSync(image.path).size,
    });
    createReadStream(image.path).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    ...ids,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
