/**
 * Builds a version-2 pack in memory (gitformat-pack(5)): `PACK`, version, count, then each object
 * as a type/size varint header and its zlib stream, then the SHA-1 of everything before it.
 * Entries are never deltified: gatos objects are small and distinct, and deltas would cost more
 * CPU than they save. Duplicates are dropped (a pack must not list an object twice).
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { hashObject } from '@gatos/core';
import type { GitObjectType, Oid, RawObject } from '@gatos/core';
import { writeZlibStored, zlibStoredLength } from './zlibStored.js';

const TYPE_CODE: Readonly<Record<GitObjectType, number>> = { commit: 1, tree: 2, blob: 3, tag: 4 };
/** Fastest real compression for larger objects; `git gc` may recompress later. */
const PACK_LEVEL = 1;
/**
 * Bodies up to this size are stored uncompressed inside their zlib stream: per-call zlib setup
 * dominates small objects (see zlibStored.ts), and their compressed size would barely differ.
 */
export const STORED_MAX = 1024;

/** Writes an entry's type/size header (3-bit type, size as a little-endian base-128 varint). */
function writeEntryHeader(type: GitObjectType, size: number, out: Buffer, pos: number): number {
  let byte = (TYPE_CODE[type] << 4) | (size & 0x0f);
  let rest = Math.floor(size / 16);
  while (rest > 0) {
    out[pos++] = byte | 0x80;
    byte = rest & 0x7f;
    rest = Math.floor(rest / 128);
  }
  out[pos++] = byte;
  return pos;
}

/** A pack holding `objects`, and the ids of `objects` in input order (duplicates included). */
export function buildPack(objects: readonly RawObject[]): { pack: Buffer; oids: Oid[] } {
  // Pass 1: ids, duplicates and exact sizes, so pass 2 writes straight into one buffer.
  const oids: Oid[] = [];
  const entries: Array<{ o: RawObject; deflated: Buffer | null }> = [];
  const seen = new Set<Oid>();
  let length = 12;
  for (const o of objects) {
    const oid = hashObject(o.type, o.body);
    oids.push(oid);
    if (seen.has(oid)) continue;
    seen.add(oid);
    const deflated = o.body.length <= STORED_MAX ? null : deflateSync(o.body, { level: PACK_LEVEL });
    entries.push({ o, deflated });
    length += 10 + (deflated === null ? zlibStoredLength(o.body.length) : deflated.length); // 10 >= header bytes
  }
  const pack = Buffer.allocUnsafe(length + 20);
  pack.write('PACK', 0, 'latin1');
  pack.writeUInt32BE(2, 4);
  pack.writeUInt32BE(entries.length, 8);
  let pos = 12;
  for (const { o, deflated } of entries) {
    pos = writeEntryHeader(o.type, o.body.length, pack, pos);
    if (deflated === null) pos = writeZlibStored(o.body, pack, pos);
    else pos += deflated.copy(pack, pos);
  }
  createHash('sha1').update(pack.subarray(0, pos)).digest().copy(pack, pos);
  return { pack: pack.subarray(0, pos + 20), oids };
}
