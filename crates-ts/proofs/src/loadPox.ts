import { decodeCommit, readTreeFiles, type DecodedCommit, type ObjectStore, type Oid, type RefStore } from '@gatos/core';
import { poxError } from './errors.js';
import { parsePoxTarget } from './poxRefs.js';

/** A PoX commit as stored: nothing in it has been checked yet. */
export interface StoredPox {
  readonly ulid: string;
  readonly ref: string;
  readonly oid: Oid;
  readonly commit: DecodedCommit;
  readonly files: ReadonlyMap<string, Uint8Array>;
}

/**
 * Reads the PoX commit a ULID or ref names. Throws `POX_BAD_ID`, `POX_NOT_FOUND`, or `POX_INVALID`
 * when the ref does not hold a commit.
 */
export async function loadPox(store: { objects: ObjectStore; refs: RefStore }, target: string): Promise<StoredPox> {
  const { ulid, ref } = parsePoxTarget(target);
  const oid = await store.refs.read(ref);
  if (oid === null) throw poxError('POX_NOT_FOUND', `no PoX ${ulid} (${ref} does not exist; see \`git for-each-ref refs/gatos/audit/proofs/experiments\`)`, { data: { ref } });
  const raw = await store.objects.read(oid);
  if (raw.type !== 'commit') throw poxError('POX_INVALID', `${ref} points at a ${raw.type}, not a commit`, { data: { ref } });
  const commit = decodeCommit(raw.body);
  return { ulid, ref, oid, commit, files: await readTreeFiles(store.objects, commit.tree, 16) };
}
