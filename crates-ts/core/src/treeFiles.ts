import { GatosError } from './errors.js';
import type { ObjectStore, Oid, RawObject } from './ports.js';
import { encodeTree, decodeTree, hashObject, type TreeEntry } from './gitObject.js';

/**
 * Builds nested git trees for a flat map of `path -> bytes` (paths with `/`), returning the root
 * tree id and every object to write. Pure and deterministic: the same files give the same ids.
 */
export function treeFromFiles(files: ReadonlyMap<string, Uint8Array>): { root: Oid; objects: RawObject[] } {
  const objects: RawObject[] = [];
  interface Dir { files: Map<string, Uint8Array>; dirs: Map<string, Dir> }
  const top: Dir = { files: new Map(), dirs: new Map() };
  for (const [path, bytes] of files) {
    const parts = path.split('/');
    if (parts.some((p) => p === '' || p === '.' || p === '..')) {
      throw new GatosError('BAD_TREE_PATH', `invalid path in tree: ${JSON.stringify(path)}`, { data: { path } });
    }
    let dir = top;
    for (const part of parts.slice(0, -1)) {
      let next = dir.dirs.get(part);
      if (!next) dir.dirs.set(part, (next = { files: new Map(), dirs: new Map() }));
      dir = next;
    }
    dir.files.set(parts[parts.length - 1]!, bytes);
  }
  const emit = (dir: Dir): Oid => {
    const entries: TreeEntry[] = [];
    for (const [name, bytes] of dir.files) {
      const body = bytes;
      objects.push({ type: 'blob', body });
      entries.push({ mode: '100644', name, oid: hashObject('blob', body) });
    }
    for (const [name, sub] of dir.dirs) entries.push({ mode: '040000', name, oid: emit(sub) });
    const body = encodeTree(entries);
    objects.push({ type: 'tree', body });
    return hashObject('tree', body);
  };
  const root = emit(top);
  return { root, objects };
}

/** Reads every blob under `tree` into a `path -> bytes` map (sorted by path). Bounded by `maxFiles`. */
export async function readTreeFiles(objects: ObjectStore, tree: Oid, maxFiles = 10_000): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  const visit = async (oid: Oid, prefix: string): Promise<void> => {
    const obj = await objects.read(oid);
    if (obj.type !== 'tree') throw new GatosError('GIT_BAD_TREE', `${oid} is a ${obj.type}, expected a tree`, { data: { oid } });
    const entries = decodeTree(obj.body);
    const blobs = entries.filter((e) => e.mode !== '040000');
    const bodies = await objects.readMany(blobs.map((e) => e.oid));
    blobs.forEach((e, i) => {
      if (out.size >= maxFiles) throw new GatosError('GIT_TREE_TOO_LARGE', `tree ${tree} has more than ${maxFiles} files`, { data: { tree } });
      out.set(prefix + e.name, bodies[i]!.body);
    });
    for (const e of entries) if (e.mode === '040000') await visit(e.oid, `${prefix}${e.name}/`);
  };
  await visit(tree, '');
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
