import { GatosError, isGatosError, decodeCommit, type CommitData, type ObjectStore, type Oid } from '@gatos/core';
import { EVENT_FILE } from './eventCommit.js';

/** One journal commit as read from the store, not yet verified. */
export interface JournalEntry {
  readonly commit: Oid;
  readonly parents: readonly Oid[];
  /** Null when the commit object could not be decoded (see `problem`). */
  readonly data: CommitData | null;
  /** The bytes of `event.cbor`, or null when absent (see `problem`). */
  readonly eventBytes: Uint8Array | null;
  readonly problem?: GatosError;
}

/**
 * Streams the commits of a journal from its root (or from after `exclude`) to `tip`, oldest first,
 * in chunks. Each chunk is two pipelined reads (`git cat-file --batch`): commits, then `<oid>:event.cbor`.
 * Broken entries are reported in `problem` rather than thrown, so a verifier can name every failure.
 */
export async function* readJournal(objects: ObjectStore, tip: Oid, options: { exclude?: readonly Oid[]; chunk?: number } = {}): AsyncGenerator<JournalEntry[]> {
  const commits = await objects.walk(tip, options.exclude ?? []);
  const size = options.chunk ?? 2000;
  for (let i = 0; i < commits.length; i += size) {
    const slice = commits.slice(i, i + size);
    const raws = await objects.readMany(slice.map((c) => c.oid));
    const blobs = await readEventBlobs(objects, slice.map((c) => c.oid));
    yield slice.map((c, j) => {
      const raw = raws[j]!;
      let data: CommitData | null = null;
      let problem: GatosError | undefined;
      try {
        if (raw.type !== 'commit') throw new GatosError('GIT_BAD_COMMIT', `${c.oid} is a ${raw.type}`);
        data = decodeCommit(raw.body);
      } catch (err) {
        problem = isGatosError(err) ? err : new GatosError('GIT_BAD_COMMIT', String(err));
      }
      const blob = blobs[j]!;
      if (blob instanceof GatosError) problem ??= blob;
      return { commit: c.oid, parents: c.parents, data, eventBytes: blob instanceof GatosError ? null : blob, ...(problem ? { problem } : {}) };
    });
  }
}

/** Reads `<commit>:event.cbor` for each commit; on a missing entry falls back to one-by-one reads for that chunk. */
async function readEventBlobs(objects: ObjectStore, commits: readonly Oid[]): Promise<Array<Uint8Array | GatosError>> {
  const names = commits.map((c) => `${c}:${EVENT_FILE}`);
  try {
    return (await objects.readMany(names)).map((o, i) => (o.type === 'blob' ? o.body : missing(commits[i]!)));
  } catch (err) {
    if (!isGatosError(err, 'GIT_OBJECT_MISSING')) throw err;
  }
  const out: Array<Uint8Array | GatosError> = [];
  for (let i = 0; i < names.length; i++) {
    try {
      const o = await objects.read(names[i]!);
      out.push(o.type === 'blob' ? o.body : missing(commits[i]!));
    } catch (err) {
      if (!isGatosError(err, 'GIT_OBJECT_MISSING')) throw err;
      out.push(missing(commits[i]!));
    }
  }
  return out;
}

function missing(commit: Oid): GatosError {
  return new GatosError('JOURNAL_EVENT_MISSING', `commit ${commit} has no ${EVENT_FILE} blob`, { data: { commit }, exitClass: 'check' });
}
