/**
 * A small ISO 9660 image writer for config drives: a primary volume with
 * ISO-safe uppercase names and a Joliet supplementary volume carrying the
 * real names (meta_data.json, vendor_data2.json, 2012-08-10), which is what
 * Linux mounts and cloud-init reads. Both trees share the file extents. No
 * Rock Ridge, no El Torito: a config drive needs neither.
 */

const SECTOR = 2048;
/** Sectors 0..15 are the system area; the descriptors follow. */
const FIRST_DESCRIPTOR = 16;

export interface IsoFile {
  /** '/'-separated path relative to the root, e.g. openstack/latest/meta_data.json. */
  readonly path: string;
  readonly data: Uint8Array;
}

export interface IsoOptions {
  /** The volume label (config drives: config-2). */
  readonly volumeId: string;
  readonly date?: Date;
  readonly applicationId?: string;
}

interface Dir {
  readonly name: string;
  readonly parent: Dir | null;
  readonly dirs: Map<string, Dir>;
  readonly files: Map<string, IsoFile>;
  number: number;
  lba: [number, number];
  size: [number, number];
}

type Flavor = 0 | 1; // 0: primary, 1: Joliet

function newDir(name: string, parent: Dir | null): Dir {
  return { name, parent, dirs: new Map(), files: new Map(), number: 0, lba: [0, 0], size: [0, 0] };
}

/** A primary-volume identifier: d-characters only (A-Z 0-9 _), at most 31 characters. */
function primaryName(name: string, isFile: boolean): Uint8Array {
  let n = name.toUpperCase().replace(/[^A-Z0-9_.]/g, '_');
  if (isFile) {
    const dot = n.lastIndexOf('.');
    const base = (dot >= 0 ? n.slice(0, dot) : n).replace(/\./g, '_');
    const ext = dot >= 0 ? n.slice(dot + 1) : '';
    n = `${base.slice(0, 30 - ext.length)}.${ext};1`;
  } else {
    n = n.replace(/\./g, '_').slice(0, 31);
  }
  return new TextEncoder().encode(n);
}

/** A Joliet identifier: UCS-2 big-endian, at most 64 characters. */
function jolietName(name: string): Uint8Array {
  const safe = name.replace(/[*/:;?\\]/g, '_');
  // NOTE(version): Joliet names carry no ';1' (Linux strips it anyway), so every reader sees the real name.
  const n = safe.slice(0, 64);
  const out = new Uint8Array(n.length * 2);
  for (let i = 0; i < n.length; i++) {
    const c = n.charCodeAt(i);
    out[i * 2] = c >> 8;
    out[i * 2 + 1] = c & 0xff;
  }
  return out;
}

function encodeName(name: string, isFile: boolean, flavor: Flavor): Uint8Array {
  return flavor === 0 ? primaryName(name, isFile) : jolietName(name);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

class Image {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  constructor(sectors: number) {
    this.bytes = new Uint8Array(sectors * SECTOR);
    this.view = new DataView(this.bytes.buffer);
  }
  both32(off: number, v: number): void {
    this.view.setUint32(off, v, true);
    this.view.setUint32(off + 4, v, false);
  }
  both16(off: number, v: number): void {
    this.view.setUint16(off, v, true);
    this.view.setUint16(off + 2, v, false);
  }
  text(off: number, s: string, len: number, flavor: Flavor): void {
    if (flavor === 0) {
      const b = new TextEncoder().encode(s.padEnd(len, ' ').slice(0, len));
      this.bytes.set(b, off);
    } else {
      for (let i = 0; i < len / 2; i++)
        this.view.setUint16(off + i * 2, i < s.length ? s.charCodeAt(i) : 0x20, false);
    }
  }
}

/** The 7-byte recording date of a directory record (UTC). */
function recordDate(d: Date): number[] {
  return [
    d.getUTCFullYear() - 1900,
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    0,
  ];
}

/** The 17-byte date of a volume descriptor. */
function volumeDate(d: Date): Uint8Array {
  const p = (n: number, w: number) => String(n).padStart(w, '0');
  const s = `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1, 2)}${p(d.getUTCDate(), 2)}${p(d.getUTCHours(), 2)}${p(d.getUTCMinutes(), 2)}${p(d.getUTCSeconds(), 2)}00`;
  const out = new Uint8Array(17);
  out.set(new TextEncoder().encode(s));
  return out;
}

interface RecordSpec {
  readonly id: Uint8Array;
  readonly lba: number;
  readonly size: number;
  readonly isDir: boolean;
}

function recordLength(idLen: number): number {
  return 33 + idLen + (idLen % 2 === 0 ? 1 : 0);
}

function writeRecord(img: Image, off: number, r: RecordSpec, date: number[]): number {
  const len = recordLength(r.id.length);
  img.bytes[off] = len;
  img.both32(off + 2, r.lba);
  img.both32(off + 10, r.size);
  img.bytes.set(date, off + 18);
  img.bytes[off + 25] = r.isDir ? 2 : 0;
  img.both16(off + 28, 1);
  img.bytes[off + 32] = r.id.length;
  img.bytes.set(r.id, off + 33);
  return len;
}

export function buildIso9660(files: readonly IsoFile[], opts: IsoOptions): Uint8Array {
  const date = opts.date ?? new Date(0);
  const root = newDir('', null);
  for (const f of files) {
    const parts = f.path.split('/').filter(Boolean);
    let d = root;
    for (const p of parts.slice(0, -1)) {
      let next = d.dirs.get(p);
      if (!next) {
        next = newDir(p, d);
        d.dirs.set(p, next);
      }
      d = next;
    }
    d.files.set(parts.at(-1)!, f);
  }
  // Path tables list directories breadth first, each level by parent number then name.
  const dirs: Dir[] = [root];
  for (let i = 0; i < dirs.length; i++) {
    dirs[i].number = i + 1;
    dirs.push(...[...dirs[i].dirs.values()].sort((a, b) => (a.name < b.name ? -1 : 1)));
  }
  const children = (d: Dir, flavor: Flavor): (RecordSpec & { dir?: Dir; file?: IsoFile })[] => {
    const out: (RecordSpec & { dir?: Dir; file?: IsoFile })[] = [];
    for (const c of d.dirs.values())
      out.push({ id: encodeName(c.name, false, flavor), lba: 0, size: 0, isDir: true, dir: c });
    for (const [name, f] of d.files)
      out.push({ id: encodeName(name, true, flavor), lba: 0, size: f.data.length, isDir: false, file: f });
    return out.sort((a, b) => compareBytes(a.id, b.id));
  };
  const dirBytes = (d: Dir, flavor: Flavor): number => {
    let used = recordLength(1) * 2;
    let sectors = 1;
    for (const c of children(d, flavor)) {
      const len = recordLength(c.id.length);
      if ((used % SECTOR) + len > SECTOR) {
        used = sectors * SECTOR;
        sectors++;
      }
      used += len;
    }
    return Math.ceil(used / SECTOR) * SECTOR;
  };
  const pathTableSize = (flavor: Flavor) =>
    dirs.reduce((n, d) => {
      const idLen = d === root ? 1 : encodeName(d.name, false, flavor).length;
      return n + 8 + idLen + (idLen % 2);
    }, 0);

  let lba = FIRST_DESCRIPTOR + 3;
  const ptSize: [number, number] = [pathTableSize(0), pathTableSize(1)];
  const ptLba: number[][] = [[], []];
  for (const flavor of [0, 1] as const) {
    for (let k = 0; k < 2; k++) {
      ptLba[flavor].push(lba);
      lba += Math.ceil(ptSize[flavor] / SECTOR);
    }
  }
  for (const flavor of [0, 1] as const) {
    for (const d of dirs) {
      d.size[flavor] = dirBytes(d, flavor);
      d.lba[flavor] = lba;
      lba += d.size[flavor] / SECTOR;
    }
  }
  const fileLba = new Map<IsoFile, number>();
  for (const d of dirs) {
    for (const f of d.files.values()) {
      // NOTE(empty): an empty file takes no sector; its extent is 0 as mkisofs writes it.
      fileLba.set(f, f.data.length === 0 ? 0 : lba);
      lba += Math.ceil(f.data.length / SECTOR);
    }
  }
  const img = new Image(lba);
  const rdate = recordDate(date);

  for (const flavor of [0, 1] as const) {
    // Directory extents.
    for (const d of dirs) {
      let off = d.lba[flavor] * SECTOR;
      const end = off + d.size[flavor];
      const parent = d.parent ?? d;
      off += writeRecord(
        img,
        off,
        { id: Uint8Array.of(0), lba: d.lba[flavor], size: d.size[flavor], isDir: true },
        rdate,
      );
      off += writeRecord(
        img,
        off,
        { id: Uint8Array.of(1), lba: parent.lba[flavor], size: parent.size[flavor], isDir: true },
        rdate,
      );
      for (const c of children(d, flavor)) {
        const len = recordLength(c.id.length);
        if ((off % SECTOR) + len > SECTOR) off = Math.ceil(off / SECTOR) * SECTOR;
        if (off + len > end) throw new Error('iso9660: directory overflow');
        const spec = c.dir
          ? { ...c, lba: c.dir.lba[flavor], size: c.dir.size[flavor] }
          : { ...c, lba: fileLba.get(c.file!)! };
        off += writeRecord(img, off, spec, rdate);
      }
    }
    // Path tables, little-endian (L) then big-endian (M).
    for (const [k, little] of [
      [0, true],
      [1, false],
    ] as const) {
      let off = ptLba[flavor][k] * SECTOR;
      for (const d of dirs) {
        const id = d === root ? Uint8Array.of(0) : encodeName(d.name, false, flavor);
        img.bytes[off] = id.length;
        img.view.setUint32(off + 2, d.lba[flavor], little);
        img.view.setUint16(off + 6, (d.parent ?? d).number, little);
        img.bytes.set(id, off + 8);
        off += 8 + id.length + (id.length % 2);
      }
    }
    // The volume descriptor.
    const vd = (FIRST_DESCRIPTOR + flavor) * SECTOR;
    img.bytes[vd] = flavor === 0 ? 1 : 2;
    img.bytes.set(new TextEncoder().encode('CD001'), vd + 1);
    img.bytes[vd + 6] = 1;
    img.text(vd + 8, 'LINUX', 32, flavor);
    img.text(vd + 40, opts.volumeId, 32, flavor);
    img.both32(vd + 80, lba);
    if (flavor === 1) img.bytes.set([0x25, 0x2f, 0x45], vd + 88);
    img.both16(vd + 120, 1);
    img.both16(vd + 124, 1);
    img.both16(vd + 128, SECTOR);
    img.both32(vd + 132, ptSize[flavor]);
    img.view.setUint32(vd + 140, ptLba[flavor][0], true);
    img.view.setUint32(vd + 148, ptLba[flavor][1], false);
    writeRecord(
      img,
      vd + 156,
      { id: Uint8Array.of(0), lba: root.lba[flavor], size: root.size[flavor], isDir: true },
      rdate,
    );
    for (const o of [190, 318, 446]) img.text(vd + o, '', 128, flavor);
    img.text(vd + 574, opts.applicationId ?? 'NOVATS', 128, flavor);
    for (const o of [702, 739, 776]) img.text(vd + o, '', 36, flavor);
    img.bytes.set(volumeDate(date), vd + 813);
    img.bytes.set(volumeDate(date), vd + 830);
    img.bytes.set(new TextEncoder().encode('0000000000000000'), vd + 847);
    img.bytes.set(new TextEncoder().encode('0000000000000000'), vd + 864);
    img.bytes[vd + 881] = 1;
  }
  const term = (FIRST_DESCRIPTOR + 2) * SECTOR;
  img.bytes[term] = 255;
  img.bytes.set(new TextEncoder().encode('CD001'), term + 1);
  img.bytes[term + 6] = 1;
  for (const [f, at] of fileLba) if (f.data.length > 0) img.bytes.set(f.data, at * SECTOR);
  return img.bytes;
}
