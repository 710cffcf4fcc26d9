import { GatosError, type ObjectStore, type Oid, type RefStore } from '@gatos/core';
import { decodeCompiledFold, loadCheckpoint, reconcileCheckpoints } from '@gatos/echo';
import { OBJECTS_REF, mergeObjectTips } from '@gatos/opaque';
import { isRewritableBusRef, parseHeadRef } from '@gatos/mind';
import { mergeHeadRef, mergeSegmentRef } from './busRefs.js';

/** What happened to one ref when fetched refs were merged into the local ones. */
export interface RefMove {
  readonly ref: string;
  readonly from: Oid | null;
  readonly to: Oid;
  /**
   * created, fast-forward, kept (local is ahead or equal), reconciled (merge checkpoint or blob-store union), pruned (a bus
   * segment replaced by the remote's valid summary of it), followed (a bus head moved to the newest
   * segment), conflict
   */
  readonly action: 'created' | 'fast-forward' | 'kept' | 'reconciled' | 'pruned' | 'followed' | 'conflict';
  readonly reason?: string;
}

/**
 * Merges fetched `refs/gatos/**` values into the local refs without ever rewriting history:
 * a missing local ref is created, a local ref behind the fetched one fast-forwards, one ahead is kept.
 * Diverged checkpoint chains (`state/**`) get the deterministic reconciling merge checkpoint, diverged
 * blob stores (`refs/gatos/objects`) their union (`mergeObjectTips`); any other
 * divergence (a journal appended in two places, incomparable policies) is reported as a conflict and
 * left untouched. Bus segments and heads are merged last, under the merged policy: a segment the remote
 * pruned takes the remote's summary when it summarises exactly the local messages, and a head follows the
 * newest segment (`busRefs.ts`, ADR-0010).
 */
export async function mergeFetchedRefs(store: { objects: ObjectStore; refs: RefStore }, fetched: ReadonlyArray<{ ref: string; oid: Oid }>): Promise<RefMove[]> {
  const moves: RefMove[] = [];
  const rank = (ref: string): number => (parseHeadRef(ref) !== null ? 2 : isRewritableBusRef(ref) ? 1 : 0);
  const ordered = [...fetched].sort((a, b) => rank(a.ref) - rank(b.ref));
  for (const { ref, oid } of ordered) {
    const local = await store.refs.read(ref);
    if (local === oid) continue;
    if (local === null) {
      await store.refs.compareAndSwap(ref, null, oid);
      moves.push({ ref, from: null, to: oid, action: 'created' });
    } else if (await store.objects.isAncestor(local, oid)) {
      await store.refs.compareAndSwap(ref, local, oid);
      moves.push({ ref, from: local, to: oid, action: 'fast-forward' });
    } else if (await store.objects.isAncestor(oid, local)) {
      moves.push({ ref, from: local, to: local, action: 'kept' });
    } else if (ref.startsWith('refs/gatos/state/')) {
      const cp = await loadCheckpoint(store.objects, local);
      const fold = decodeCompiledFold(cp.files.get('fold.gfc') ?? new Uint8Array());
      try {
        const merged = await reconcileCheckpoints(store.objects, fold, local, oid);
        await store.refs.compareAndSwap(ref, local, merged.commit);
        moves.push({ ref, from: local, to: merged.commit, action: 'reconciled' });
      } catch (err) {
        if (!(err instanceof GatosError)) throw err;
        moves.push({ ref, from: local, to: local, action: 'conflict', reason: err.message });
      }
    } else if (ref === OBJECTS_REF) {
      // Content-addressed: two stores that grew apart merge into their union (ADR-0015).
      const merged = await mergeObjectTips(store, local, oid);
      await store.refs.compareAndSwap(ref, local, merged);
      moves.push({ ref, from: local, to: merged, action: 'reconciled' });
    } else if (parseHeadRef(ref) !== null) {
      moves.push(await mergeHeadRef(store, ref, parseHeadRef(ref)!, local, oid));
    } else if (isRewritableBusRef(ref)) {
      moves.push(await mergeSegmentRef(store, ref, local, oid));
    } else {
      moves.push({ ref, from: local, to: local, action: 'conflict', reason: `local ${local} and remote ${oid} have diverged; gatos never rewrites ${ref}` });
    }
  }
  return moves;
}
