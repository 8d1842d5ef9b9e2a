/**
 * The image cache under `instances_path/_base` (Nova's
 * `image_cache_subdirectory_name`): each image is downloaded once, named by
 * the sha1 of its id as Nova names it, and guests get qcow2 overlays backed
 * by it (`qemu-img create -b`), so a boot copies nothing. Concurrent boots of
 * the same image share one download.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { BuildFailed } from '@novats/core';

const run = promisify(execFile);

/** Streams an image's data from the image service (Glance's GET /v2/images/{id}/file). */
export type ImageFetcher = (imageId: string) => Promise<AsyncIterable<Uint8Array>>;

export class ImageCache {
  readonly #downloads = new Map<string, Promise<string>>();

  constructor(
    readonly baseDir: string,
    private readonly fetchImage: ImageFetcher,
  ) {}

  /** The path of the cached image, downloading it first when absent. */
  get(imageId: string): Promise<string> {
    const path = join(this.baseDir, createHash('sha1').update(imageId).digest('hex'));
    let pending = this.#downloads.get(path);
    if (!pending) {
      pending = this.#ensure(imageId, path).finally(() => this.#downloads.delete(path));
      this.#downloads.set(path, pending);
    }
    return pending;
  }

  async #ensure(imageId: string, path: string): Promise<string> {
    if (await exists(path)) return path;
    await mkdir(this.baseDir, { recursive: true });
    const part = `${path}.part${process.pid}`;
    try {
      await pipeline(await this.fetchImage(imageId), createWriteStream(part));
      await rename(part, path);
    } catch (err) {
      await rm(part, { force: true });
      throw new BuildFailed(`Could not fetch image ${imageId}: ${(err as Error).message}`);
    }
    return path;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** `qemu-img` for what is not on the boot path (a snapshot flattens a disk chain). */
export const qemuImg = {
  /** Flattens a disk (and its backing chain) into one standalone image, as a snapshot upload needs. */
  async convert(source: string, dest: string, format: 'qcow2' | 'raw'): Promise<void> {
    await run('qemu-img', ['convert', '-U', '-O', format, source, dest]);
  },
};
