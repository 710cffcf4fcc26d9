/**
 * Checkpoints a bisect may start folding from: those on the state ref's first-parent chain (and any
 * checkpoint named as a point) that were folded by the same artefact and cover a prefix of the
 * sequence. Their state is read, hash-checked and ancestry-checked only when one is actually used.
 */
import { blake3Hex, decodeCommit, type ObjectStore, type Oid, type RawObject } from '@gatos/core';
import { decodePof, type PofEnvelope } from '../checkpoint/pofEnvelope.js';
import { stateFilePath } from '../checkpoint/checkpointCommit.js';
import type { LedgerHeads } from '../checkpoint/ledgerHeads.js';
import type { FoldEvent, FoldState } from '../types.js';
import { checkpointPrefix } from './bisectPoint.js';

/** How many checkpoints back along the state ref are considered (each costs two object reads). */
const MAX_CHAIN = 4096;

export interface Snapshot {
  readonly commit: Oid;
  /** Prefix length of the sequence this checkpoint's state is the fold of. */
  readonly events: number;
  readonly pof: PofEnvelope;
}

/** Usable-looking snapshots, ascending by prefix (one per prefix: the first found wins). */
export async function listSnapshots(objects: ObjectStore, tips: readonly Oid[], foldRoot: string, events: readonly FoldEvent[]): Promise<Snapshot[]> {
  const byPrefix = new Map<number, Snapshot>();
  const seen = new Set<Oid>();
  for (const tip of tips) {
    let commit: Oid | undefined = tip;
    for (let depth = 0; commit !== undefined && depth < MAX_CHAIN && !seen.has(commit); depth++) {
      seen.add(commit);
      const raw: RawObject | null = await objects.read(commit).catch(() => null);
      if (raw?.type !== 'commit') break;
      const pofBlob = await objects.read(`${commit}:pof.cbor`).catch(() => null);
      if (pofBlob?.type !== 'blob') break;
      let pof: PofEnvelope;
      try {
        pof = decodePof(pofBlob.body);
      } catch {
        break;
      }
      const k = checkpointPrefix(pof, events);
      if (pof.fold_root === foldRoot && k !== null && !byPrefix.has(k)) byPrefix.set(k, { commit, events: k, pof });
      commit = decodeCommit(raw.body).parents[0];
    }
  }
  return [...byPrefix.values()].sort((a, b) => a.events - b.events);
}

/**
 * The snapshot's state, or null when it must not be built upon: its state file does not hash to its
 * State-Root, or a journal head it covers is not an ancestor of the current head.
 */
export async function snapshotState(objects: ObjectStore, s: Snapshot, name: string, heads: LedgerHeads): Promise<FoldState | null> {
  for (const [ref, oid] of Object.entries(s.pof.ledger_end)) {
    const head = heads[ref];
    if (!head || !(await objects.isAncestor(oid, head).catch(() => false))) return null;
  }
  const blob = await objects.read(`${s.commit}:${stateFilePath(name)}`).catch(() => null);
  if (blob?.type !== 'blob' || `blake3:${blake3Hex(blob.body)}` !== s.pof.state_root) return null;
  try {
    return JSON.parse(new TextDecoder().decode(blob.body)) as FoldState;
  } catch {
    return null;
  }
}
