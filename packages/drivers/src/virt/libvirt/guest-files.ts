/**
 * An instance's directory under `instances_path` (Nova's layout): `disk`
 * (a qcow2 overlay on the cached image, or a blank disk), `kernel` and
 * `ramdisk` for direct kernel boot, `console.log` written by QEMU's serial
 * port, `disk.rescue` and `unrescue.xml` while rescued.
 */
import { link, mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BuildFailed, type ImageMeta, type Instance } from '@novats/core';
import type { DomainDisk } from './domain-xml.js';
import type { ImageCache } from './image-cache.js';
import { readImageInfo, writeQcow2 } from './qcow2-image.js';

/** Nova's console arguments, appended to every direct-kernel-boot command line. */
export const NOVA_CONSOLE_ARGS = 'console=tty0 console=ttyS0 console=hvc0';
/** Nova's MAX_CONSOLE_BYTES: os-getConsoleOutput returns at most the last 100 KiB. */
export const MAX_CONSOLE_BYTES = 100 * 1024;
const GiB = 1024 ** 3;
const DISK_FORMATS = new Set(['qcow2', 'raw', 'ami']);

export interface GuestBoot {
  readonly kernel: string | null;
  readonly ramdisk: string | null;
  readonly cmdline: string | null;
  readonly disks: DomainDisk[];
}

export class GuestFiles {
  constructor(
    readonly instancesPath: string,
    private readonly images: ImageCache | null,
  ) {}

  dir(instance: Pick<Instance, 'uuid'>): string {
    return join(this.instancesPath, instance.uuid);
  }

  consoleLog(instance: Pick<Instance, 'uuid'>): string {
    return join(this.dir(instance), 'console.log');
  }

  /** Prepares kernel, ramdisk and root disk of `image` (or a blank root disk without one). */
  async prepare(instance: Instance, image: ImageMeta | null, diskName = 'disk'): Promise<GuestBoot> {
    const dir = this.dir(instance);
    await mkdir(dir, { recursive: true });
    const kernelId = image?.properties.kernel_id;
    const ramdiskId = image?.properties.ramdisk_id;
    const suffix = diskName === 'disk' ? '' : '.rescue';
    const disk = join(dir, diskName);
    // NOTE(perf): kernel, ramdisk and root disk are independent files: prepared at once, not one after another.
    const [kernel, ramdisk] = await Promise.all([
      kernelId ? this.#place(kernelId, join(dir, `kernel${suffix}`)) : null,
      ramdiskId ? this.#place(ramdiskId, join(dir, `ramdisk${suffix}`)) : null,
      this.#rootDisk(instance, image, disk),
    ]);
    const cmdline = kernel
      ? `${image?.properties.os_command_line ?? 'root=/dev/vda'} ${NOVA_CONSOLE_ARGS}`
      : null;
    return { kernel, ramdisk, cmdline, disks: [{ path: disk, format: 'qcow2', target: 'vda' }] };
  }

  /** A qcow2 overlay on the cached image, at least the flavor's root_gb; a blank disk without an image. */
  async #rootDisk(instance: Instance, image: ImageMeta | null, disk: string): Promise<void> {
    const rootBytes = instance.flavor.root_gb > 0 ? instance.flavor.root_gb * GiB : null;
    if (image && DISK_FORMATS.has(image.disk_format)) {
      const base = await this.#cache().get(image.id);
      const info = await readImageInfo(base);
      const size = rootBytes !== null && rootBytes > info.size ? rootBytes : info.size;
      await writeQcow2(disk, { size, backingFile: base, backingFormat: info.format });
    } else {
      // NOTE(blank): no disk image (boot from a kernel alone, or no image): a sparse blank root disk.
      await writeQcow2(disk, { size: rootBytes ?? GiB });
    }
  }

  /** The last MAX_CONSOLE_BYTES of the serial console log; empty before the guest wrote anything. */
  async consoleOutput(instance: Pick<Instance, 'uuid'>): Promise<string> {
    const file = await open(this.consoleLog(instance), 'r').catch(() => null);
    if (!file) return '';
    try {
      const { size } = await file.stat();
      const length = Math.min(size, MAX_CONSOLE_BYTES);
      const buf = Buffer.alloc(length);
      await file.read(buf, 0, length, size - length);
      return buf.toString('utf8');
    } finally {
      await file.close();
    }
  }

  async remove(instance: Pick<Instance, 'uuid'>): Promise<void> {
    await rm(this.dir(instance), { recursive: true, force: true });
  }

  #cache(): ImageCache {
    if (!this.images) {
      throw new BuildFailed('The libvirt driver has no image service to download images from.');
    }
    return this.images;
  }

  /** A cached image hard-linked into the instance directory (a copy would cost the boot time). */
  async #place(imageId: string, dest: string): Promise<string> {
    const cached = await this.#cache().get(imageId);
    await rm(dest, { force: true });
    await link(cached, dest);
    return dest;
  }
}
