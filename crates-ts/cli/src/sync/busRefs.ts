import { isGatosError, type ObjectStore, type Oid, type RefStore } from '@gatos/core';
import { checkSegmentReplacement, listSegments, loadActiveTrust, parseHeadRef, parseSegmentRef } from '@gatos/mind';
import type { RefMove } from './mergeFetchedRefs.js';

type Store = { objects: ObjectStore; refs: RefStore };

/**
 * Merges a segment ref that diverged between here (`local`) and the remote (`fetched`), ADR-0010
 * "Pruning on shared remotes": the remote's summary replaces the local segment only when it summarises
 * exactly the local messages (`checkSegmentReplacement` under the active trust graph); a local summary of
 * exactly the remote's messages is kept (and pushed); two summaries of the same messages are both valid, so
 * the local one is kept. Anything else (the summary misses messages published on one side) is a conflict.
 */
export async function mergeSegmentRef(store: Store, ref: string, local: Oid, fetched: Oid): Promise<RefMove> {
  const trust = await loadActiveTrust(store).then((t) => t.trust, (err: unknown) => (isGatosError(err) ? null : Promise.reject(err)));
  if (trust === null) return { ref, from: local, to: local, action: 'conflict', reason: `no active policy to check the remote's summary of ${ref} against` };
  const theirs = await checkSegmentReplacement(store.objects, { ref, old: local, next: fetched }, trust);
  if (!('code' in theirs)) {
    await store.refs.compareAndSwap(ref, local, fetched);
    return { ref, from: local, to: fetched, action: 'pruned', reason: `the remote pruned ${theirs.summary.count} messages into summary ${fetched}` };
  }
  const ours = await checkSegmentReplacement(store.objects, { ref, old: fetched, next: local }, trust);
  if (!('code' in ours)) return { ref, from: local, to: local, action: 'kept', reason: 'pruned here; the remote still holds the messages' };
  if (theirs.code === 'BUS_ALREADY_PRUNED' && ours.code === 'BUS_ALREADY_PRUNED') {
    const [a, b] = await Promise.all([local, fetched].map((next) => checkSegmentReplacement(store.objects, { ref, old: null, next }, trust)));
    if (a && b && !('code' in a) && !('code' in b) && a.summary.index_hash === b.summary.index_hash && a.summary.merkle_root === b.summary.merkle_root) {
      return { ref, from: local, to: local, action: 'kept', reason: 'both sides pruned the same messages' };
    }
  }
  // When the remote still holds messages, why the local summary cannot replace them says more.
  const why = theirs.code === 'BUS_NOT_A_SUMMARY' ? ours.reason : theirs.reason;
  return { ref, from: local, to: local, action: 'conflict', reason: `local ${local} and remote ${fetched} have diverged: ${why}` };
}

/**
 * Merges a topic head that diverged: it follows the newest segment, so it moves to `fetched` when that
 * is the tip of the topic's newest segment here (after the segments were merged), and is kept when the
 * local head already is. Anything else is a conflict.
 */
export async function mergeHeadRef(store: Store, ref: string, topic: string, local: Oid, fetched: Oid): Promise<RefMove> {
  const newest = (await listSegments(store.refs, topic)).segments.at(-1)?.tip ?? null;
  if (newest === fetched) {
    await store.refs.compareAndSwap(ref, local, fetched);
    return { ref, from: local, to: fetched, action: 'followed', reason: 'the head follows the newest segment' };
  }
  if (newest === local) return { ref, from: local, to: local, action: 'kept', reason: 'the local head is the newest segment' };
  return { ref, from: local, to: local, action: 'conflict', reason: `neither local ${local} nor remote ${fetched} is the tip of the newest segment of ${topic} (${newest ?? 'none'})` };
}

/**
 * True when the local value `ours` of a bus ref may replace the remote's `theirs` although it does not
 * descend from it: a segment that is a valid summary of exactly the remote's messages, or a head at the
 * local newest segment's tip when the remote will hold that segment as it is here (`remoteWillHold`).
 * The remote's gate checks the same (`gatos.mbus.prune`, `gatos.mbus.head`).
 */
export async function mayReplaceRemote(store: Store, ref: string, theirs: Oid, ours: Oid, remoteWillHold: (ref: string, oid: Oid) => boolean): Promise<boolean> {
  const topic = parseHeadRef(ref);
  if (topic !== null) {
    const newest = (await listSegments(store.refs, topic)).segments.at(-1);
    return newest?.tip === ours && remoteWillHold(newest.ref, newest.tip);
  }
  if (parseSegmentRef(ref) === null) return false;
  const trust = await loadActiveTrust(store).then((t) => t.trust, (err: unknown) => (isGatosError(err) ? null : Promise.reject(err)));
  return trust !== null && !('code' in (await checkSegmentReplacement(store.objects, { ref, old: theirs, next: ours }, trust)));
}
