/**
 * The repository blob store: bytes as git blobs at `gatos/objects/blake3/<hex>` in the tree of
 * `refs/gatos/objects`, so fetching and pushing `refs/gatos/*` carries them (ADR-0015).
 * - One commit per put batch, parent = the previous tip, with a fixed author and date: the same blobs
 *   put on the same tip give the same commit on every machine.
 * - Compare-and-swap on the ref; on contention the batch is rebuilt on the new tip and retried. Blobs
 *   are content-addressed, so concurrent puts merge trivially (the union of the entries).
 * - Reads use an index of the tip tree, loaded once and reloaded only when a hash is not in it.
 * Written over the ObjectStore and RefStore ports only.
 */
import {
  blake3Hex, decodeCommit, decodeTree, encodeCommit, encodeTree, formatMessage, hashObject, isGatosError, retryWithJitter,
  type GitIdent, type ObjectStore, type Oid, type RawObject, type RefStore, type TreeEntry,
} from '@gatos/core';
import { parseBlobHash } from './blobHash.js';
import type { BlobStore } from './blobStore.js';
import { opaqueError } from './errors.js';
import { EMPTY_LEVELS, indexOf, readLevels, withBlobs, type ObjectsLevels } from './objectsTree.js';

export const OBJECTS_REF = 'refs/gatos/objects';

/** Fixed identity and date of every objects commit: nothing about them depends on who or when. */
export const OBJECTS_IDENT: GitIdent = { name: 'gatos', email: 'objects@gatos', timestamp: 0, tzOffset: '+0000' };

/** Trailers list at most this many added blobs; the tree is the record, the message a summary. */
const MAX_LISTED = 64;

interface Snapshot {
  readonly tip: Oid | null;
  readonly levels: ObjectsLevels;
  readonly index: Map<string, Oid>;
}

export interface RepoBlobStoreOptions {
  /** Compare-and-swap attempts per put batch (default 8). */
  readonly maxAttempts?: number;
}

async function snapshotAt(objects: ObjectStore, tip: Oid | null): Promise<Snapshot> {
  if (tip === null) return { tip, levels: EMPTY_LEVELS, index: new Map() };
  let tree: Oid;
  try {
    const obj = await objects.read(tip);
    if (obj.type !== 'commit') throw new Error(`it is a ${obj.type}`);
    tree = decodeCommit(obj.body).tree;
  } catch (err) {
    throw opaqueError('OPAQUE_STORE_CORRUPT', `${OBJECTS_REF} points at ${tip}, which is not a readable commit: ${(err as Error).message}`, { data: { ref: OBJECTS_REF, oid: tip }, cause: err });
  }
  const levels = await readLevels(objects, tree);
  return { tip, levels, index: indexOf(levels) };
}

/** The objects commit for `tree` on `parents`, listing `added` addresses in its trailers. */
export function objectsCommit(tree: Oid, parents: readonly Oid[], subject: string, added: readonly string[]): { oid: Oid; body: Uint8Array } {
  const listed = [...added].sort().slice(0, MAX_LISTED).map((hex): [string, string] => ['Blob', `blake3:${hex}`]);
  const body = encodeCommit({ tree, parents: [...parents], author: OBJECTS_IDENT, committer: OBJECTS_IDENT, message: formatMessage(subject, listed) });
  return { oid: hashObject('commit', body), body };
}

export class RepoBlobStore implements BlobStore {
  private snapshot: Snapshot | null = null;
  /** Put batches of this process run one after another; other processes are handled by CAS. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: { readonly objects: ObjectStore; readonly refs: RefStore },
    private readonly options: RepoBlobStoreOptions = {},
  ) {}

  /** The current tip's snapshot, reusing the cached one when the ref has not moved. */
  private async refresh(): Promise<Snapshot> {
    const tip = await this.store.refs.read(OBJECTS_REF);
    if (this.snapshot === null || this.snapshot.tip !== tip) this.snapshot = await snapshotAt(this.store.objects, tip);
    return this.snapshot;
  }

  /** The blob id of `hex`: from the cached index, else after one reload (another writer may have added it). */
  private async lookup(hex: string): Promise<Oid | null> {
    const cached = this.snapshot?.index.get(hex);
    if (cached !== undefined) return cached;
    return (await this.refresh()).index.get(hex) ?? null;
  }

  async has(hash: string): Promise<boolean> {
    return (await this.lookup(parseBlobHash(hash))) !== null;
  }

  async get(hash: string): Promise<Uint8Array | null> {
    const hex = parseBlobHash(hash);
    const oid = await this.lookup(hex);
    if (oid === null) return null;
    const obj = await this.store.objects.read(oid);
    if (obj.type !== 'blob' || blake3Hex(obj.body) !== hex) {
      throw opaqueError('OPAQUE_INTEGRITY', `${OBJECTS_REF} holds ${obj.type} ${oid} at gatos/objects/blake3/${hex}, but its bytes do not hash to blake3:${hex}`, {
        data: { hash, oid },
      });
    }
    return obj.body;
  }

  async put(bytes: Uint8Array): Promise<{ hash: string; size: number }> {
    const [one] = await this.putMany([bytes]);
    return one!;
  }

  async putMany(list: readonly Uint8Array[]): Promise<Array<{ hash: string; size: number }>> {
    const run = this.queue.then(() => this.putBatch(list));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async putBatch(list: readonly Uint8Array[]): Promise<Array<{ hash: string; size: number }>> {
    const items = list.map((bytes) => ({ bytes, hex: blake3Hex(bytes), oid: hashObject('blob', bytes) }));
    const out = items.map((i) => ({ hash: `blake3:${i.hex}`, size: i.bytes.length }));
    const first = await this.refresh();
    const fresh = items.filter((i) => !first.index.has(i.hex));
    if (fresh.length === 0) return out;
    // Blobs are written once; only the trees and the commit depend on the tip and are rebuilt per try.
    await this.store.objects.write(fresh.map((i) => ({ type: 'blob' as const, body: i.bytes })));
    try {
      await retryWithJitter(this.options.maxAttempts ?? 8, async () => {
        const snap = await this.refresh();
        const added = new Map(fresh.filter((i) => snap.index.get(i.hex) !== i.oid).map((i) => [i.hex, i.oid] as const));
        if (added.size === 0) return;
        const built = withBlobs(snap.levels, added);
        const commit = objectsCommit(built.root, snap.tip === null ? [] : [snap.tip], `gatos objects: add ${added.size} blob${added.size === 1 ? '' : 's'}`, [...added.keys()]);
        await this.store.objects.write([...built.objects, { type: 'commit', body: commit.body }]);
        await this.store.refs.compareAndSwap(OBJECTS_REF, snap.tip, commit.oid);
        this.snapshot = { tip: commit.oid, levels: built.levels, index: indexOf(built.levels) };
      });
    } catch (err) {
      if (isGatosError(err, 'REF_CAS_MISMATCH')) {
        throw opaqueError('OPAQUE_CONTENDED', `could not add blobs to ${OBJECTS_REF}: it kept moving under concurrent writers; nothing was lost, retry`, { data: { ref: OBJECTS_REF }, cause: err });
      }
      throw err;
    }
    return out;
  }
}

/**
 * The merge of two diverged `refs/gatos/objects` tips (e.g. after a fetch): a commit whose parents
 * are both tips (sorted, so both sides build the same commit) and whose tree is the union of their
 * blobs. Both tips are ancestors, so it fast-forwards either side. Writes the objects, not the ref.
 * An address claimed by two different blobs keeps the one whose bytes hash to it.
 */
export async function mergeObjectTips(store: { readonly objects: ObjectStore }, a: Oid, b: Oid): Promise<Oid> {
  const [left, right] = a < b ? [a, b] : [b, a];
  const l = await snapshotAt(store.objects, left);
  const r = await snapshotAt(store.objects, right);
  const added = new Map<string, Oid>();
  for (const [hex, oid] of r.index) {
    const mine = l.index.get(hex);
    if (mine === oid) continue;
    if (mine !== undefined) {
      const body = (await store.objects.read(mine)).body;
      if (blake3Hex(body) === hex) continue;
    }
    added.set(hex, oid);
  }
  const classes = await mergeSideDirectories(store.objects, l.levels[2], r.levels[2]);
  const built = withBlobs([l.levels[0], l.levels[1], classes.entries, l.levels[3]], added);
  const commit = objectsCommit(built.root, [left, right], 'gatos objects: merge', [...added.keys()]);
  await store.objects.write([...classes.objects, ...built.objects, { type: 'commit', body: commit.body }]);
  return commit.oid;
}

/**
 * The `gatos/objects` level of a merge: the left side's entries, with every directory beside
 * `blake3/` that both sides have (the resolver's `classes/`) merged by file name. Where both name the
 * same file differently (two nodes classified one blob differently) the left side (the smaller tip id)
 * is kept, so every node computes the same merge; `resolver classify` reports the clash on that node.
 */
async function mergeSideDirectories(objects: ObjectStore, left: readonly TreeEntry[], right: readonly TreeEntry[]): Promise<{ entries: TreeEntry[]; objects: RawObject[] }> {
  const written: RawObject[] = [];
  const entries = [...left];
  for (const theirs of right) {
    if (theirs.name === 'blake3') continue;
    const at = entries.findIndex((e) => e.name === theirs.name);
    if (at < 0) {
      entries.push(theirs);
      continue;
    }
    const mine = entries[at]!;
    if (mine.oid === theirs.oid || mine.mode !== '040000' || theirs.mode !== '040000') continue;
    const merged = new Map((await readTreeEntries(objects, theirs.oid)).map((e) => [e.name, e] as const));
    for (const e of await readTreeEntries(objects, mine.oid)) merged.set(e.name, e);
    const body = encodeTree([...merged.values()]);
    written.push({ type: 'tree', body });
    entries[at] = { mode: '040000', name: mine.name, oid: hashObject('tree', body) };
  }
  return { entries, objects: written };
}

async function readTreeEntries(objects: ObjectStore, oid: Oid): Promise<TreeEntry[]> {
  const obj = await objects.read(oid);
  if (obj.type !== 'tree') throw opaqueError('OPAQUE_STORE_CORRUPT', `${oid} in refs/gatos/objects is a ${obj.type}, expected a tree`, { data: { oid } });
  return decodeTree(obj.body);
}
