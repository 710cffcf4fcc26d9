/** Shared types of the pure git object codecs (see `gitObject.ts`). */
import type { Oid } from './ports.js';

/** Error codes of the git object codecs. */
export type GitObjectErrorCode = 'GIT_BAD_COMMIT' | 'GIT_BAD_TREE' | 'GIT_BAD_IDENT';

/** Who and when, as written in a commit's `author` / `committer` header. */
export interface GitIdent {
  readonly name: string;
  readonly email: string;
  /** Seconds since the Unix epoch. */
  readonly timestamp: number;
  /** Offset from UTC as git writes it, e.g. `'+0000'`, `'-0730'`. */
  readonly tzOffset: string;
}

/** The parts of a commit gatos reads and writes. */
export interface CommitData {
  readonly tree: Oid;
  readonly parents: readonly Oid[];
  readonly author: GitIdent;
  readonly committer: GitIdent;
  /** The message, verbatim (git does not add a trailing newline here; callers choose). */
  readonly message: string;
}

/** A decoded commit: `CommitData` plus the names of headers gatos ignores (e.g. `gpgsig`, `encoding`). */
export interface DecodedCommit extends CommitData {
  readonly extraHeaders: readonly string[];
}

export type TreeEntryMode = '100644' | '100755' | '040000' | '120000' | '160000';

export interface TreeEntry {
  readonly mode: TreeEntryMode;
  /** One path component: never empty, `.`, `..`, nor containing `/` or NUL. */
  readonly name: string;
  readonly oid: Oid;
}

const OID_RE = /^[0-9a-f]{40}$/;

/** True when `s` is a full lowercase SHA-1 hex object id. */
export function isOid(s: string): boolean {
  return OID_RE.test(s);
}

