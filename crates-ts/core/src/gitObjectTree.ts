/**
 * Tree object codec (git's tree format: entries `"<mode> <name>\0" + 20-byte id`, sorted by name
 * with directories compared as if their name ended in `/`).
 *
 * Trees come from other people's pushes: decoding is attacker-controlled input, so it rejects
 * non-canonical modes, unsafe names, duplicates and out-of-order entries (what `git fsck` flags).
 */
import { GatosError } from './errors.js';
import { isOid } from './gitObjectTypes.js';
import type { GitObjectErrorCode, TreeEntry, TreeEntryMode } from './gitObjectTypes.js';

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Mode as written inside a tree object: git drops the leading zero of directories. */
const RAW_MODE: Readonly<Record<TreeEntryMode, string>> = {
  '100644': '100644',
  '100755': '100755',
  '040000': '40000',
  '120000': '120000',
  '160000': '160000',
};
const MODE_FROM_RAW: ReadonlyMap<string, TreeEntryMode> = new Map(
  Object.entries(RAW_MODE).map(([mode, raw]) => [raw, mode as TreeEntryMode]),
);

function bad(message: string, data: Record<string, string | number>): GatosError<GitObjectErrorCode> {
  return new GatosError('GIT_BAD_TREE', message, { data, exitClass: 'check' });
}

function checkName(name: string): void {
  if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\0')) {
    throw bad(`unsafe tree entry name ${JSON.stringify(name)} (empty, '.', '..', or containing '/' or NUL)`, { name });
  }
}

/** Git's tree order key: the name's bytes, plus a trailing `/` for directories. */
function sortKey(name: Uint8Array, mode: TreeEntryMode): Buffer {
  return mode === '040000' ? Buffer.concat([name, Buffer.from('/')]) : Buffer.from(name);
}

/**
 * Serialises tree entries in git's canonical order. Rejects with `GIT_BAD_TREE` (data.name) on an
 * unsafe or duplicated name, an unknown mode or a malformed id.
 *
 * @example
 * const tree = encodeTree([{ mode: '100644', name: 'event.cbor', oid: blobOid }]);
 */
export function encodeTree(entries: readonly TreeEntry[]): Uint8Array {
  const prepared = entries.map((e) => {
    checkName(e.name);
    if (!(e.mode in RAW_MODE)) throw bad(`unknown tree entry mode ${JSON.stringify(e.mode)}`, { name: e.name, mode: e.mode });
    if (!isOid(e.oid)) throw bad(`tree entry ${JSON.stringify(e.name)} has a malformed object id`, { name: e.name, oid: e.oid });
    const name = utf8.encode(e.name);
    return { e, name, key: sortKey(name, e.mode) };
  });
  // A file and a directory of the same name sort apart ("a" < "a-b" < "a/"), so check with a set.
  const seen = new Set<string>();
  for (const { e } of prepared) {
    if (seen.has(e.name)) throw bad(`duplicate tree entry name ${JSON.stringify(e.name)}`, { name: e.name });
    seen.add(e.name);
  }
  prepared.sort((a, b) => Buffer.compare(a.key, b.key));
  const parts: Uint8Array[] = [];
  for (const p of prepared) {
    parts.push(utf8.encode(`${RAW_MODE[p.e.mode]} `), p.name, Uint8Array.of(0), Buffer.from(p.e.oid, 'hex'));
  }
  return Buffer.concat(parts);
}

/**
 * Parses a tree body. Rejects with `GIT_BAD_TREE` (data.offset) on truncation, a non-canonical
 * mode, an unsafe or non-UTF-8 name, or entries that are duplicated or not in git's order.
 */
export function decodeTree(body: Uint8Array): TreeEntry[] {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const out: TreeEntry[] = [];
  const seen = new Set<string>();
  let prevKey: Buffer | null = null;
  let pos = 0;
  while (pos < buf.length) {
    const space = buf.indexOf(0x20, pos);
    if (space < 0 || space - pos > 6) throw bad('tree entry has no mode', { offset: pos });
    const mode = MODE_FROM_RAW.get(buf.toString('latin1', pos, space));
    if (mode === undefined) throw bad('tree entry has a non-canonical mode', { offset: pos });
    const nul = buf.indexOf(0, space + 1);
    if (nul < 0 || nul + 21 > buf.length) throw bad('tree entry is truncated', { offset: pos });
    const nameBytes = buf.subarray(space + 1, nul);
    let name: string;
    try {
      name = strictUtf8.decode(nameBytes);
    } catch {
      throw bad('tree entry name is not valid UTF-8', { offset: space + 1 });
    }
    checkName(name);
    const key = sortKey(nameBytes, mode);
    // A file and a directory of the same name sort apart ("a" < "a-b" < "a/"), so check with a set.
    if (seen.has(name)) throw bad(`duplicate tree entry name ${JSON.stringify(name)}`, { offset: pos, name });
    if (prevKey !== null && Buffer.compare(prevKey, key) >= 0) throw bad(`tree entries out of order at ${JSON.stringify(name)}`, { offset: pos, name });
    seen.add(name);
    out.push({ mode, name, oid: buf.toString('hex', nul + 1, nul + 21) });
    prevKey = key;
    pos = nul + 21;
  }
  return out;
}
