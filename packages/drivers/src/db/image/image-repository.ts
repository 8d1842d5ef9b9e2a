/**
 * Image records on knex, on every dialect: one row per image, its extra
 * properties, tags and members in side tables (as Glance stores them).
 * Images are hard-deleted with their side rows; uuids are random, so an id
 * is never handed out twice.
 */
import { ImageConflict, type ImageMember, type ImageMeta } from '@novats/core';
import type { Knex } from 'knex';
import { CompiledStatements, compiledStatement } from '../shared/compiled-statement.js';
import { dbErrorKind } from '../shared/db-errors.js';
import { fromDbTimeRequired, toDbTime } from '../shared/db-time.js';
import { affectedRows } from '../shared/knex-connection.js';

type Row = Record<string, unknown>;

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function imageFromRow(r: Row, properties: Record<string, string>, tags: string[]): ImageMeta {
  return {
    id: String(r.id),
    name: (r.name as string | null) ?? '',
    status: r.status as ImageMeta['status'],
    visibility: r.visibility as ImageMeta['visibility'],
    owner: (r.owner as string | null) ?? null,
    container_format: (r.container_format as string | null) ?? '',
    disk_format: (r.disk_format as string | null) ?? '',
    size: Number(r.size ?? 0),
    virtual_size: nullableNumber(r.virtual_size),
    min_ram: Number(r.min_ram),
    min_disk: Number(r.min_disk),
    protected: Boolean(r.protected),
    os_hidden: Boolean(r.os_hidden),
    checksum: (r.checksum as string | null) ?? null,
    os_hash_algo: (r.os_hash_algo as string | null) ?? null,
    os_hash_value: (r.os_hash_value as string | null) ?? null,
    properties,
    tags,
    created_at: fromDbTimeRequired(r.created_at),
    updated_at: fromDbTimeRequired(r.updated_at),
  };
}

function rowOf(image: ImageMeta): Row {
  return {
    id: image.id,
    name: image.name === '' ? null : image.name,
    size: image.checksum ? image.size : null,
    virtual_size: image.virtual_size ?? null,
    status: image.status,
    visibility: image.visibility,
    checksum: image.checksum ?? null,
    os_hash_algo: image.os_hash_algo ?? null,
    os_hash_value: image.os_hash_value ?? null,
    container_format: image.container_format === '' ? null : image.container_format,
    disk_format: image.disk_format === '' ? null : image.disk_format,
    owner: image.owner,
    min_disk: image.min_disk,
    min_ram: image.min_ram,
    protected: image.protected ?? false,
    os_hidden: image.os_hidden ?? false,
    created_at: toDbTime(image.created_at),
    updated_at: toDbTime(image.updated_at),
  };
}

function memberFromRow(r: Row): ImageMember {
  return {
    image_id: String(r.image_id),
    member_id: String(r.member),
    status: r.status as ImageMember['status'],
    created_at: fromDbTimeRequired(r.created_at),
    updated_at: fromDbTimeRequired(r.updated_at),
  };
}

// NOTE(speed): every server create reads its image; knex compiles these once per dialect.

/**
 * NOTE(speed): the image row with its properties and tags in one statement
 * (one row per side row, the image's columns repeated; one row with null
 * side columns when it has none), as the flavor is read with its extra specs.
 */
const GET_IMAGE = compiledStatement<{ id: string }>((db, p) =>
  db('images as i')
    .leftJoin(sideRowsOf(db, [p.id]).as('s'), 's.image_id', 'i.id')
    .select('i.*', 's.kind as side_kind', 's.id as side_id', 's.name as side_name', 's.value as side_value')
    .where('i.id', p.id),
);

/** Properties and tags of the listed images in one statement, by the number of images. */
const SIDE_ROWS = new CompiledStatements<Record<string, unknown>>();

function sideRowsOf(db: Knex, ids: readonly unknown[]): Knex.QueryBuilder {
  return db('image_properties')
    .whereIn('image_id', ids as string[])
    .select(db.raw("'p' as kind"), 'id', 'image_id', 'name', 'value')
    .unionAll(
      db('image_tags')
        .whereIn('image_id', ids as string[])
        .select(db.raw("'t' as kind"), 'id', 'image_id', db.raw('null as name'), 'value'),
    );
}

interface SideRow {
  readonly kind: 'p' | 't';
  readonly id: unknown;
  readonly image_id: string;
  readonly name: string | null;
  readonly value: string;
}

/** Properties and tags by image id, in the order they were written (their row ids). */
function groupSideRows(
  sideRows: SideRow[],
  props = new Map<string, Record<string, string>>(),
  tags = new Map<string, string[]>(),
): { props: Map<string, Record<string, string>>; tags: Map<string, string[]> } {
  sideRows.sort((a, b) => Number(a.id) - Number(b.id));
  for (const r of sideRows) {
    if (r.kind === 't') {
      tags.set(r.image_id, [...(tags.get(r.image_id) ?? []), r.value]);
      continue;
    }
    const bag = props.get(r.image_id) ?? {};
    bag[r.name as string] = r.value;
    props.set(r.image_id, bag);
  }
  return { props, tags };
}

export class KnexImageRepository {
  constructor(readonly db: Knex) {}

  async get(id: string): Promise<ImageMeta | null> {
    const rows = await GET_IMAGE.run<Record<string, any>[]>(this.db, { id });
    if (rows.length === 0) return null;
    const sideRows = rows
      .filter((r) => r.side_kind !== null && r.side_kind !== undefined)
      .map(
        (r): SideRow => ({
          kind: r.side_kind,
          id: r.side_id,
          image_id: id,
          name: r.side_name,
          value: r.side_value,
        }),
      );
    const { props, tags } = groupSideRows(sideRows);
    return imageFromRow(rows[0], props.get(id) ?? {}, tags.get(id) ?? []);
  }

  /**
   * Every image, with properties and tags. NOTE(scale): the access rules,
   * filters and sorting are applied in memory by the caller (one pure
   * implementation for every dialect); an image catalogue is small next to
   * what three queries return quickly.
   */
  async list(): Promise<ImageMeta[]> {
    return this.#hydrate(await this.db('images').select('*'));
  }

  async create(image: ImageMeta): Promise<void> {
    try {
      await this.db.transaction(async (tx) => {
        await tx('images').insert(rowOf(image));
        await this.#writeSideRows(tx, image);
      });
    } catch (err) {
      if (dbErrorKind(err) === 'duplicate')
        throw new ImageConflict(`Image with identifier ${image.id} already exists!`);
      throw err;
    }
  }

  /** Writes every field, properties and tags of an existing image; false when it is gone. */
  async save(image: ImageMeta): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const { id: _id, created_at: _created, ...fields } = rowOf(image);
      const n = affectedRows(await tx('images').where({ id: image.id }).update(fields));
      if (n === 0) return false;
      await tx('image_properties').where({ image_id: image.id }).delete();
      await tx('image_tags').where({ image_id: image.id }).delete();
      await this.#writeSideRows(tx, image);
      return true;
    });
  }

  /** Moves the status only from one of `from` (atomic); false when the image was elsewhere. */
  async transition(
    id: string,
    from: readonly ImageMeta['status'][],
    to: ImageMeta['status'],
    at: string,
  ): Promise<boolean> {
    const n = affectedRows(
      await this.db('images')
        .where({ id })
        .whereIn('status', [...from])
        .update({ status: to, updated_at: toDbTime(at) }),
    );
    return n > 0;
  }

  async delete(id: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      // NOTE(sqlite): foreign keys may be off, so side rows are removed explicitly.
      for (const table of ['image_properties', 'image_tags', 'image_members'])
        await tx(table).where({ image_id: id }).delete();
      return affectedRows(await tx('images').where({ id }).delete()) > 0;
    });
  }

  async members(imageId: string): Promise<ImageMember[]> {
    const rows = await this.db('image_members').where({ image_id: imageId }).orderBy('id');
    return rows.map(memberFromRow);
  }

  async member(imageId: string, memberId: string): Promise<ImageMember | null> {
    const row = await this.db('image_members').where({ image_id: imageId, member: memberId }).first();
    return row ? memberFromRow(row) : null;
  }

  /** The memberships of one project, by image id. */
  async membershipsOf(memberId: string): Promise<Map<string, ImageMember>> {
    const rows = await this.db('image_members').where({ member: memberId });
    return new Map(rows.map((r) => [String(r.image_id), memberFromRow(r)]));
  }

  async addMember(member: ImageMember): Promise<void> {
    try {
      await this.db('image_members').insert({
        image_id: member.image_id,
        member: member.member_id,
        status: member.status,
        created_at: toDbTime(member.created_at),
        updated_at: toDbTime(member.updated_at),
      });
    } catch (err) {
      if (dbErrorKind(err) === 'duplicate')
        throw new ImageConflict(`Member ${member.member_id} is duplicated for image ${member.image_id}`);
      throw err;
    }
  }

  async updateMember(member: ImageMember): Promise<void> {
    await this.db('image_members')
      .where({ image_id: member.image_id, member: member.member_id })
      .update({ status: member.status, updated_at: toDbTime(member.updated_at) });
  }

  async removeMember(imageId: string, memberId: string): Promise<boolean> {
    return (
      affectedRows(await this.db('image_members').where({ image_id: imageId, member: memberId }).delete()) > 0
    );
  }

  async #writeSideRows(tx: Knex.Transaction, image: ImageMeta): Promise<void> {
    const props = Object.entries(image.properties).map(([name, value]) => ({
      image_id: image.id,
      name,
      value,
    }));
    if (props.length > 0) await tx('image_properties').insert(props);
    const tags = [...new Set(image.tags ?? [])].map((value) => ({ image_id: image.id, value }));
    if (tags.length > 0) await tx('image_tags').insert(tags);
  }

  async #hydrate(rows: Row[]): Promise<ImageMeta[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => String(r.id));
    const props = new Map<string, Record<string, string>>();
    const tags = new Map<string, string[]>();
    // NOTE(params): chunked so that a large catalogue stays under every dialect's bound-parameter limit.
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const values = Object.fromEntries(chunk.map((id, j) => [`id${j}`, id]));
      const sideRows = await SIDE_ROWS.run<SideRow[]>(
        this.db,
        `${chunk.length}`,
        (db, p) =>
          sideRowsOf(
            db,
            chunk.map((_, j) => p[`id${j}`]),
          ),
        values,
      );
      groupSideRows(sideRows, props, tags);
    }
    return rows.map((r) => imageFromRow(r, props.get(String(r.id)) ?? {}, tags.get(String(r.id)) ?? []));
  }
}
