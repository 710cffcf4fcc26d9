/**
 * The class registry (ADR-0016): which class each stored blob has, as files
 * `gatos/objects/classes/<hex>` (content: the class name and a newline) in the tree of
 * `refs/gatos/objects`, beside the blobs at `gatos/objects/blake3/<hex>`. The blob store keeps entries
 * it does not own when it rebuilds that tree, so both writers add to one ref by compare-and-swap.
 * A class is set once: changing it is refused, because a reclassification is a change of who may read.
 */
import {
  decodeCommit, decodeTree, encodeCommit, encodeTree, formatMessage, hashObject, isGatosError, retryWithJitter,
  type ObjectStore, type Oid, type RawObject, type RefStore, type TreeEntry,
} from '@gatos/core';
import { OBJECTS_IDENT, OBJECTS_REF } from '../repoBlobStore.js';
import type { BlobClassIndex } from './blobClassIndex.js';
import { resolverError } from './errors.js';
import { CLASS_NAME } from './resolverPolicy.js';

const PATH = ['gatos', 'objects', 'classes'] as const;
const HASH = /^blake3:([0-9a-f]{64})$/;

/** Reads classes from the current tip of `refs/gatos/objects` on every lookup (a class must never be seen late). */
export class RepoClassIndex implements BlobClassIndex {
  constructor(private readonly store: { objects: ObjectStore; refs: RefStore }) {}

  async classOf(hash: string): Promise<string | null> {
    const hex = hexOf(hash);
    const tip = await this.store.refs.read(OBJECTS_REF);
    if (tip === null) return null;
    let body: Uint8Array;
    try {
      const obj = await this.store.objects.read(`${tip}:${PATH.join('/')}/${hex}`);
      if (obj.type !== 'blob') throw corrupt(tip, hex, `is a ${obj.type}`);
      body = obj.body;
    } catch (err) {
      if (isGatosError(err, 'GIT_OBJECT_MISSING')) return null;
      throw err;
    }
    const text = new TextDecoder().decode(body);
    // A damaged entry must not read as "unclassed" (that would widen who may read): fail instead.
    if (!text.endsWith('\n') || !CLASS_NAME.test(text.slice(0, -1))) throw corrupt(tip, hex, 'is not a class name and a newline');
    return text.slice(0, -1);
  }
}

export interface ClassifyResult {
  /** Entries added by this call (already-recorded identical entries are not repeated). */
  readonly added: ReadonlyArray<{ readonly hash: string; readonly class: string }>;
  /** The new tip of `refs/gatos/objects`, or the unchanged one. */
  readonly tip: Oid | null;
}

/**
 * Records `class` for each blob (`blake3:<hex>`) in one commit on `refs/gatos/objects` (fixed author
 * and date, like the blob store's commits), retried on a lost race. Recording the same class again is
 * a no-op; a different class for a recorded blob is `RESOLVER_CLASS_CONFLICT` and nothing is written.
 *
 * @example
 * await recordBlobClasses(repo, [{ hash: 'blake3:3a7b…', class: 'medical' }]);
 */
export async function recordBlobClasses(store: { objects: ObjectStore; refs: RefStore }, entries: ReadonlyArray<{ hash: string; class: string }>): Promise<ClassifyResult> {
  const wanted = new Map<string, string>();
  for (const e of entries) {
    const hex = hexOf(e.hash);
    if (!CLASS_NAME.test(e.class)) throw resolverError('RESOLVER_BAD_CLASS', `class ${JSON.stringify(e.class.slice(0, 80))} must match ${CLASS_NAME.source}`, { data: { class: e.class.slice(0, 80) } });
    const seen = wanted.get(hex);
    if (seen !== undefined && seen !== e.class) throw conflict(hex, seen, e.class);
    wanted.set(hex, e.class);
  }
  return retryWithJitter(8, async () => {
    const tip = await store.refs.read(OBJECTS_REF);
    const levels = await readLevels(store.objects, tip);
    const current = new Map(levels[3]!.map((e) => [e.name, e.oid] as const));
    const added: Array<{ hash: string; class: string }> = [];
    const objects: RawObject[] = [];
    const classes = [...levels[3]!];
    for (const [hex, cls] of [...wanted].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const body = new TextEncoder().encode(`${cls}\n`);
      const oid = hashObject('blob', body);
      const existing = current.get(hex);
      if (existing === oid) continue;
      if (existing !== undefined) {
        const was = new TextDecoder().decode((await store.objects.read(existing)).body).trim();
        throw conflict(hex, was, cls);
      }
      objects.push({ type: 'blob', body });
      classes.push({ mode: '100644', name: hex, oid });
      added.push({ hash: `blake3:${hex}`, class: cls });
    }
    if (added.length === 0) return { added, tip };
    let child = pushTree(objects, classes);
    for (let depth = 2; depth >= 0; depth--) {
      child = pushTree(objects, [...levels[depth]!.filter((e) => e.name !== PATH[depth]), { mode: '040000', name: PATH[depth]!, oid: child }]);
    }
    const listed = added.slice(0, 64).map((a): [string, string] => ['Blob-Class', `${a.hash} ${a.class}`]);
    const body = encodeCommit({ tree: child, parents: tip === null ? [] : [tip], author: OBJECTS_IDENT, committer: OBJECTS_IDENT, message: formatMessage(`gatos objects: classify ${added.length} blob${added.length === 1 ? '' : 's'}`, listed) });
    objects.push({ type: 'commit', body });
    await store.objects.write(objects);
    const next = hashObject('commit', body);
    await store.refs.compareAndSwap(OBJECTS_REF, tip, next);
    return { added, tip: next };
  });
}

/** Entries of the root, `gatos`, `gatos/objects` and `gatos/objects/classes` trees at `tip` (empty when absent). */
async function readLevels(objects: ObjectStore, tip: Oid | null): Promise<TreeEntry[][]> {
  if (tip === null) return [[], [], [], []];
  const commit = await objects.read(tip);
  if (commit.type !== 'commit') throw resolverError('RESOLVER_CLASSES_CORRUPT', `${OBJECTS_REF} points at a ${commit.type}, not a commit`, { data: { ref: OBJECTS_REF } });
  const levels: TreeEntry[][] = [];
  let tree: Oid | null = decodeCommit(commit.body).tree;
  for (let depth = 0; depth <= 3; depth++) {
    const entries: TreeEntry[] = tree === null ? [] : decodeTree((await objects.read(tree)).body);
    levels.push(entries);
    const next = depth < 3 ? entries.find((e) => e.name === PATH[depth]) : undefined;
    tree = next !== undefined && next.mode === '040000' ? next.oid : null;
  }
  return levels;
}

function pushTree(objects: RawObject[], entries: TreeEntry[]): Oid {
  const body = encodeTree(entries);
  objects.push({ type: 'tree', body });
  return hashObject('tree', body);
}

function hexOf(hash: string): string {
  const m = HASH.exec(hash);
  if (m === null) throw resolverError('RESOLVER_BAD_HASH', `${JSON.stringify(String(hash).slice(0, 80))} is not blake3:<64 lowercase hex>`, { data: { hash: String(hash).slice(0, 80) } });
  return m[1]!;
}

function conflict(hex: string, was: string, now: string) {
  return resolverError('RESOLVER_CLASS_CONFLICT', `blake3:${hex} already has class ${JSON.stringify(was.slice(0, 80))}; refusing to change it to ${now} (a class decides who may read; store the data again to give it another class)`, {
    data: { hash: `blake3:${hex}`, class: was.slice(0, 80) },
  });
}

function corrupt(tip: Oid, hex: string, why: string) {
  return resolverError('RESOLVER_CLASSES_CORRUPT', `${OBJECTS_REF} ${tip}: gatos/objects/classes/${hex} ${why}`, { data: { ref: OBJECTS_REF, commit: tip } });
}
