/**
 * Audit-style records: a commit whose tree holds one canonical-JSON file, chained one per record.
 * The gate's DENY log and the resolver's audit chain share this shape; the bytes depend only on the
 * record, its parent and the fixed identity, so every node that writes the same record builds the
 * same commit.
 */
import { encodeCommit, encodeTree, hashObject, type GitIdent } from './gitObject.js';
import type { Oid, RawObject } from './ports.js';
import { canonicalJsonBytes } from './jcs.js';
import { formatMessage } from './trailers.js';

export interface JsonRecordCommit {
  /** File name in the tree (e.g. `decision.json`). */
  readonly file: string;
  /** Written as JCS. */
  readonly record: unknown;
  readonly parent: Oid | null;
  /** Author and committer. */
  readonly ident: GitIdent;
  readonly subject: string;
  readonly trailers: ReadonlyArray<readonly [string, string]>;
}

/** Builds (does not write) one record commit: blob, tree, commit, in that order. */
export function buildJsonRecordCommit(input: JsonRecordCommit): { oid: Oid; objects: RawObject[] } {
  const json = canonicalJsonBytes(input.record);
  const tree = encodeTree([{ mode: '100644', name: input.file, oid: hashObject('blob', json) }]);
  const body = encodeCommit({
    tree: hashObject('tree', tree),
    parents: input.parent === null ? [] : [input.parent],
    author: input.ident,
    committer: input.ident,
    message: formatMessage(input.subject, input.trailers),
  });
  return { oid: hashObject('commit', body), objects: [{ type: 'blob', body: json }, { type: 'tree', body: tree }, { type: 'commit', body }] };
}

/** Chains one commit per record on `parent`, oldest first; returns the new tip and every object to write. */
export function chainCommits<T>(records: readonly T[], parent: Oid | null, build: (record: T, parent: Oid | null) => { oid: Oid; objects: RawObject[] }): { tip: Oid | null; objects: RawObject[] } {
  const objects: RawObject[] = [];
  let tip = parent;
  for (const record of records) {
    const built = build(record, tip);
    objects.push(...built.objects);
    tip = built.oid;
  }
  return { tip, objects };
}
