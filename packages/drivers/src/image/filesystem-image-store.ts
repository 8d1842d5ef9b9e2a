/**
 * Image data in a local directory (glance_store's filesystem store,
 * `[glance_store] filesystem_store_datadir`): one file per image, named by
 * its id. Data is written to `<id>.partial` while md5 (Glance's `checksum`)
 * and sha512 (`os_hash_value`) are computed on the fly, and renamed into
 * place only when complete; a failure or a size over the cap removes the
 * partial file, so nothing half-written is ever left or served.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ImageSizeLimitExceeded } from '@novats/core';

export interface StoredImageData {
  readonly size: number;
  /** md5, hex. */
  readonly checksum: string;
  readonly os_hash_algo: 'sha512';
  readonly os_hash_value: string;
}

const SAFE_ID = /^[A-Za-z0-9._-]{1,64}$/;

export class FilesystemImageStore {
  constructor(readonly directory: string) {}

  #path(imageId: string): string {
    // NOTE(security): ids come from URLs; never let one name a file outside the store.
    if (!SAFE_ID.test(imageId) || imageId.startsWith('.')) throw new TypeError(`unsafe image id ${imageId}`);
    return join(this.directory, imageId);
  }

  /**
   * Stores the data of `imageId` from `source`, refusing more than `sizeCap`
   * bytes with ImageSizeLimitExceeded (nothing is left behind).
   */
  async add(imageId: string, source: AsyncIterable<Uint8Array>, sizeCap: number): Promise<StoredImageData> {
    const target = this.#path(imageId);
    const partial = `${target}.partial`;
    await mkdir(this.directory, { recursive: true });
    const md5 = createHash('md5');
    const sha512 = createHash('sha512');
    const out = createWriteStream(partial, { flags: 'w', mode: 0o640 });
    let size = 0;
    try {
      for await (const chunk of source) {
        size += chunk.length;
        if (size > sizeCap) throw new ImageSizeLimitExceeded('The provided image is too large.');
        md5.update(chunk);
        sha512.update(chunk);
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
      }
      out.end();
      await finished(out);
      await rename(partial, target);
    } catch (err) {
      out.destroy();
      await rm(partial, { force: true });
      throw err;
    }
    return { size, checksum: md5.digest('hex'), os_hash_algo: 'sha512', os_hash_value: sha512.digest('hex') };
  }

  /** The data of `imageId`, or null when none is stored. */
  async open(imageId: string): Promise<{ stream: Readable; size: number } | null> {
    const path = this.#path(imageId);
    try {
      const { size } = await stat(path);
      return { stream: createReadStream(path), size };
    } catch {
      return null;
    }
  }

  /** Removes the data of `imageId`, if any. */
  async delete(imageId: string): Promise<void> {
    await rm(this.#path(imageId), { force: true });
  }
}
