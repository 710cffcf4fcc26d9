/**
 * The tree layout of `refs/gatos/objects`: blobs at `gatos/objects/blake3/<hex>` (SPEC-DIGEST §1, §8),
 * one flat directory named by the BLAKE3 of each blob's bytes. Other entries found at any level are
 * kept as they are when the tree is rebuilt, so a newer writer's additions survive an older one.
 */
import { decodeTree, encodeTree, hashObject, isGatosError, type ObjectStore, type Oid, type RawObject, type TreeEntry } from '@gatos/core';
import { opaqueError } from './errors.js';

export const OBJECTS_PATH = ['gatos', 'objects', 'blake3'] as const;
const HEX64 = /^[0-9a-f]{64}$/;

/** The entries of the root, `gatos`, `gatos/objects` and `gatos/objects/blake3` trees (empty when absent). */
export type ObjectsLevels = readonly [TreeEntry[], TreeEntry[], TreeEntry[], TreeEntry[]];

export const EMPTY_LEVELS: ObjectsLevels = [[], [], [], []];

async function readTree(objects: ObjectStore, oid: Oid, where: string): Promise<TreeEntry[]> {
  try {
    const obj = await objects.read(oid);
    if (obj.type !== 'tree') throw opaqueError('OPAQUE_STORE_CORRUPT', `${where} (${oid}) is a ${obj.type}, expected a tree`, { data: { oid } });
    return decodeTree(obj.body);
  } catch (err) {
    if (isGatosError(err, 'OPAQUE_STORE_CORRUPT')) throw err;
    throw opaqueError('OPAQUE_STORE_CORRUPT', `cannot read ${where} (${oid}) of refs/gatos/objects: ${(err as Error).message}`, { data: { oid }, cause: err });
  }
}

/** Reads the four levels under the root tree `root`. */
export async function readLevels(objects: ObjectStore, root: Oid): Promise<ObjectsLevels> {
  const levels: TreeEntry[][] = [await readTree(objects, root, 'the root tree')];
  for (const [depth, name] of OBJECTS_PATH.entries()) {
    const entry = levels[depth]!.find((e) => e.name === name);
    if (entry === undefined) {
      levels.push([]);
      continue;
    }
    if (entry.mode !== '040000') throw opaqueError('OPAQUE_STORE_CORRUPT', `${OBJECTS_PATH.slice(0, depth + 1).join('/')} in refs/gatos/objects is not a directory`, { data: { oid: root } });
    levels.push(await readTree(objects, entry.oid, OBJECTS_PATH.slice(0, depth + 1).join('/')));
  }
  return levels as unknown as ObjectsLevels;
}

/** `hex -> blob oid` of the well-formed entries of the blake3 directory. */
export function indexOf(levels: ObjectsLevels): Map<string, Oid> {
  const index = new Map<string, Oid>();
  for (const e of levels[3]) if (e.mode === '100644' && HEX64.test(e.name)) index.set(e.name, e.oid);
  return index;
}

/** Levels with `added` (`hex -> blob oid`) in the blake3 directory, and every tree object to write. */
export function withBlobs(levels: ObjectsLevels, added: ReadonlyMap<string, Oid>): { root: Oid; levels: ObjectsLevels; objects: RawObject[] } {
  const blobs = levels[3].filter((e) => !added.has(e.name));
  for (const [hex, oid] of added) blobs.push({ mode: '100644', name: hex, oid });
  const next: TreeEntry[][] = [[], [], [], blobs];
  const objects: RawObject[] = [];
  let child: Oid | null = null;
  for (let depth = 3; depth >= 0; depth--) {
    if (child !== null) {
      const name = OBJECTS_PATH[depth]!;
      next[depth] = [...levels[depth]!.filter((e) => e.name !== name), { mode: '040000', name, oid: child }];
    }
    const body = encodeTree(next[depth]!);
    objects.push({ type: 'tree', body });
    child = hashObject('tree', body);
  }
  return { root: child!, levels: next as unknown as ObjectsLevels, objects };
}
