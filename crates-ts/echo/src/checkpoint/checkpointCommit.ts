import {
  GatosError, canonicalJsonBytes, decodeCommit, encodeCommit, formatMessage, hashObject, parseMessage, readTreeFiles,
  treeFromFiles, type ObjectStore, type Oid, type RawObject,
} from '@gatos/core';
import type { FoldState } from '../types.js';
import { decodePof, encodePof, pofDigest, type PofEnvelope } from './pofEnvelope.js';
import { ledgerHeadDigest, type LedgerHeads } from './ledgerHeads.js';

export const FOLD_MATH = 'fixed-q32.32@1';

/** Fixed identity; the date is the newest event's time, so independent folders agree on the commit id. */
const FOLD_IDENT = { name: 'gatos-fold', email: 'fold@gatos', tzOffset: '+0000' } as const;

export interface CheckpointInput {
  readonly pof: PofEnvelope;
  readonly state: FoldState;
  readonly gfc: Uint8Array;
  /** Previous checkpoint(s): none, one, or two tips of diverged chains (a reconciling merge). */
  readonly parents: readonly Oid[];
  /** Newest event time (seconds). */
  readonly time: number;
}

export function stateFilePath(name: string): string {
  return `state/${name}.json`;
}

/**
 * Builds a checkpoint commit: tree `state/<name>.json` (JCS of the state: the bytes State-Root hashes),
 * `ledger-heads.json`, `pof.cbor`, `fold.gfc`; message `gatos checkpoint <name>` with the trailers of
 * SPEC-DIGEST §3. Merge parents are put in canonical (sorted) order.
 */
export function buildCheckpoint(input: CheckpointInput): { oid: Oid; objects: RawObject[]; pofBytes: Uint8Array } {
  const { pof } = input;
  const pofBytes = encodePof(pof);
  const files = new Map<string, Uint8Array>([
    [stateFilePath(pof.ns), canonicalJsonBytes(input.state)],
    ['ledger-heads.json', canonicalJsonBytes(pof.ledger_end)],
    ['pof.cbor', pofBytes],
    ['fold.gfc', input.gfc],
  ]);
  const { root, objects } = treeFromFiles(files);
  const message = formatMessage(`gatos checkpoint ${pof.ns}`, [
    ['State-Root', pof.state_root],
    ['Ledger-Head', ledgerHeadDigest(pof.ledger_end)],
    ['Policy-Root', pof.policy_root],
    ['Policy-Code-Root', pof.policy_code_root],
    ['Fold-Engine', pof.fold_engine],
    ['Fold-Root', pof.fold_root],
    ['Fold-Id', pof.fold_id],
    ['Fold-Version', String(pof.fold_version)],
    ['Fold-Math', FOLD_MATH],
    ['Proof-Of-Fold', pofDigest(pofBytes)],
  ]);
  const ident = { ...FOLD_IDENT, timestamp: input.time };
  const body = encodeCommit({ tree: root, parents: [...input.parents].sort(), author: ident, committer: ident, message });
  return { oid: hashObject('commit', body), objects: [...objects, { type: 'commit', body }], pofBytes };
}

export interface LoadedCheckpoint {
  readonly commit: Oid;
  readonly parents: readonly Oid[];
  /** Committer time (the newest event's time). */
  readonly time: number;
  readonly trailers: ReadonlyMap<string, string[]>;
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly pofBytes: Uint8Array;
  readonly pof: PofEnvelope;
}

/** Reads a checkpoint commit and its files; `POF_INVALID`/`CHECKPOINT_INVALID` when it is not one. */
export async function loadCheckpoint(objects: ObjectStore, commit: Oid): Promise<LoadedCheckpoint> {
  const raw = await objects.read(commit);
  if (raw.type !== 'commit') throw invalid(commit, `is a ${raw.type}, not a commit`);
  const c = decodeCommit(raw.body);
  const trailers = new Map<string, string[]>();
  for (const [k, v] of parseMessage(c.message).trailers) trailers.set(k, [...(trailers.get(k) ?? []), v]);
  const files = await readTreeFiles(objects, c.tree, 64);
  const pofBytes = files.get('pof.cbor');
  if (!pofBytes) throw invalid(commit, 'has no pof.cbor');
  return { commit, parents: c.parents, time: c.committer.timestamp, trailers, files, pofBytes, pof: decodePof(pofBytes) };
}

function invalid(commit: Oid, why: string): GatosError {
  return new GatosError('CHECKPOINT_INVALID', `checkpoint ${commit} ${why}`, { data: { commit }, exitClass: 'check' });
}
