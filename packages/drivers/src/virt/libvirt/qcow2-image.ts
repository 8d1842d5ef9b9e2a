/**
 * Writes empty qcow2 (version 3) images in process, optionally backed by
 * another image, and reads an image's format and virtual size: what the
 * boot path needs from `qemu-img create -b` and `qemu-img info`, without
 * spawning a process per boot (~70 ms here). Layout, in 64 KiB clusters:
 * 0 header (+ backing format extension and backing file name), 1 refcount
 * table, 2 refcount block, 3.. L1 table. See QEMU's docs/interop/qcow2.txt.
 */
import { open, writeFile } from 'node:fs/promises';

const MAGIC = 0x514649fb; // "QFI\xfb"
const CLUSTER_BITS = 16;
const CLUSTER = 1 << CLUSTER_BITS;
const HEADER_LENGTH = 104;
const EXT_BACKING_FORMAT = 0xe2792aca;

export interface Qcow2Options {
  /** Virtual size in bytes. */
  readonly size: number;
  readonly backingFile?: string;
  /** `raw` or `qcow2`, recorded so QEMU never probes the backing file's format. */
  readonly backingFormat?: string;
}

export async function writeQcow2(path: string, opts: Qcow2Options): Promise<void> {
  // Each L2 table maps CLUSTER/8 clusters; the L1 table has one entry per L2 table.
  const l1Size = Math.ceil(opts.size / (CLUSTER * (CLUSTER / 8)));
  const l1Clusters = Math.max(1, Math.ceil((l1Size * 8) / CLUSTER));
  const clusters = 3 + l1Clusters;
  const image = Buffer.alloc(clusters * CLUSTER);
  let at = HEADER_LENGTH;
  if (opts.backingFile && opts.backingFormat) {
    const fmt = Buffer.from(opts.backingFormat, 'ascii');
    image.writeUInt32BE(EXT_BACKING_FORMAT, at);
    image.writeUInt32BE(fmt.length, at + 4);
    fmt.copy(image, at + 8);
    at += 8 + Math.ceil(fmt.length / 8) * 8;
  }
  at += 8; // end-of-extensions marker: type 0, length 0
  let backingOffset = 0;
  let backingSize = 0;
  if (opts.backingFile) {
    const name = Buffer.from(opts.backingFile, 'utf8');
    if (at + name.length > CLUSTER) throw new RangeError(`backing file name too long: ${opts.backingFile}`);
    name.copy(image, at);
    backingOffset = at;
    backingSize = name.length;
  }
  image.writeUInt32BE(MAGIC, 0);
  image.writeUInt32BE(3, 4);
  image.writeBigUInt64BE(BigInt(backingOffset), 8);
  image.writeUInt32BE(backingSize, 16);
  image.writeUInt32BE(CLUSTER_BITS, 20);
  image.writeBigUInt64BE(BigInt(opts.size), 24);
  image.writeUInt32BE(0, 32); // no encryption
  image.writeUInt32BE(l1Size, 36);
  image.writeBigUInt64BE(BigInt(3 * CLUSTER), 40); // L1 table
  image.writeBigUInt64BE(BigInt(CLUSTER), 48); // refcount table
  image.writeUInt32BE(1, 56); // refcount table clusters
  // nb_snapshots, snapshots_offset and the three feature bitmaps stay 0.
  image.writeUInt32BE(4, 96); // refcount_order: 16-bit refcounts
  image.writeUInt32BE(HEADER_LENGTH, 100);
  image.writeBigUInt64BE(BigInt(2 * CLUSTER), CLUSTER); // refcount table -> the one refcount block
  for (let c = 0; c < clusters; c += 1) image.writeUInt16BE(1, 2 * CLUSTER + 2 * c);
  await writeFile(path, image);
}

export interface ImageFileInfo {
  readonly format: 'qcow2' | 'raw';
  /** Virtual size in bytes. */
  readonly size: number;
}

/** qcow2 (by its magic, size from its header) or raw (size of the file). */
export async function readImageInfo(path: string): Promise<ImageFileInfo> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(32);
    const { bytesRead } = await file.read(head, 0, 32, 0);
    if (bytesRead === 32 && head.readUInt32BE(0) === MAGIC) {
      return { format: 'qcow2', size: Number(head.readBigUInt64BE(24)) };
    }
    return { format: 'raw', size: (await file.stat()).size };
  } finally {
    await file.close();
  }
}
