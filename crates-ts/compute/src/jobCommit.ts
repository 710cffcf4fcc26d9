/**
 * Job-plane commits share one shape: a small tree of files, a subject naming the record
 * (`jobs.enqueue`, `jobs.claim`, `jobs.result`), trailers, and a fixed identity dated from the
 * record's own time, so the same record on the same parent has the same commit id everywhere.
 */
import { encodeCommit, formatMessage, hashObject, treeFromFiles, type GitIdent, type Oid, type RawObject } from '@gatos/core';

/** The identity every job-plane commit carries; who acted is in the trailers, not here. */
export function jobIdent(timeMs: number): GitIdent {
  return { name: 'gatos', email: 'jobs@gatos', timestamp: Math.floor(timeMs / 1000), tzOffset: '+0000' };
}

/** Builds (does not write) the objects of one job-plane commit; the commit is the last object. */
export function buildJobCommit(input: {
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly parent: Oid | null;
  readonly subject: string;
  readonly trailers: ReadonlyArray<readonly [string, string]>;
  readonly timeMs: number;
}): { oid: Oid; objects: RawObject[] } {
  const tree = treeFromFiles(input.files);
  const ident = jobIdent(input.timeMs);
  const body = encodeCommit({
    tree: tree.root,
    parents: input.parent === null ? [] : [input.parent],
    author: ident,
    committer: ident,
    message: formatMessage(input.subject, input.trailers),
  });
  return { oid: hashObject('commit', body), objects: [...tree.objects, { type: 'commit', body }] };
}
