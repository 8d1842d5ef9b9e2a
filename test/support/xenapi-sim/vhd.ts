/**
 * An empty dynamic VHD (Microsoft's Virtual Hard Disk format, the one
 * XenServer exports with `export_raw_vdi?format=vhd`): footer copy, dynamic
 * header, a Block Allocation Table with every block unallocated, footer.
 * Enough for the simulator to hand out a well-formed disk image.
 */
const BLOCK = 2 * 1024 * 1024;
const VHD_EPOCH = Date.UTC(2000, 0, 1) / 1000;

function checksum(buf: Buffer, at: number): void {
  let sum = 0;
  for (const byte of buf) sum += byte;
  buf.writeUInt32BE(~sum >>> 0, at);
}

function footer(size: number, uuid: Buffer): Buffer {
  const f = Buffer.alloc(512);
  f.write('conectix', 0, 'ascii');
  f.writeUInt32BE(2, 8); // features: reserved bit always set
  f.writeUInt32BE(0x00010000, 12); // format version 1.0
  f.writeBigUInt64BE(512n, 16); // data offset: the dynamic header
  f.writeUInt32BE(Math.floor(Date.now() / 1000 - VHD_EPOCH), 24);
  f.write('tap\0', 28, 'ascii');
  f.writeUInt32BE(0x00010003, 32);
  f.write('Lnux', 36, 'ascii');
  f.writeBigUInt64BE(BigInt(size), 40); // original size
  f.writeBigUInt64BE(BigInt(size), 48); // current size
  const sectors = Math.min(Math.ceil(size / 512), 65535 * 16 * 255);
  f.writeUInt16BE(Math.ceil(sectors / (16 * 255)), 56); // cylinders
  f.writeUInt8(16, 58); // heads
  f.writeUInt8(255, 59); // sectors per track
  f.writeUInt32BE(3, 60); // disk type: dynamic
  uuid.copy(f, 68);
  checksum(f, 64);
  return f;
}

export function emptyDynamicVhd(size: number, uuid: Buffer): Buffer {
  const entries = Math.ceil(size / BLOCK);
  const header = Buffer.alloc(1024);
  header.write('cxsparse', 0, 'ascii');
  header.writeBigUInt64BE(0xffffffffffffffffn, 8); // data offset: unused
  header.writeBigUInt64BE(1536n, 16); // BAT offset: after footer copy and header
  header.writeUInt32BE(0x00010000, 24);
  header.writeUInt32BE(entries, 28);
  header.writeUInt32BE(BLOCK, 32);
  checksum(header, 36);
  const bat = Buffer.alloc(Math.ceil((entries * 4) / 512) * 512, 0xff);
  const f = footer(size, uuid);
  return Buffer.concat([f, header, bat, f]);
}
