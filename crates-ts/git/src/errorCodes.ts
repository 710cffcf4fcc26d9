/** Error codes raised by the git adapters (all thrown as `GatosError` from `@gatos/core`). */
export type GitAdapterErrorCode =
  /** The directory is not inside a git repository (exit class `usage`). */
  | 'NOT_A_GIT_REPOSITORY'
  /** No `git` binary on PATH; the `iso` backend works without one. */
  | 'GIT_NOT_FOUND'
  /** A git process failed in a way the adapter does not map to a more precise code (data.stderr). */
  | 'GIT_FAILED'
  /** An object name did not resolve (data.name). */
  | 'GIT_OBJECT_MISSING'
  /** An object name is neither `<oid>` nor `<oid>:<path>` (data.name). */
  | 'BAD_OBJECT_NAME'
  /** A ref name breaks `git check-ref-format` rules or is outside `refs/` (data.ref). */
  | 'BAD_REF_NAME'
  /** A compare-and-swap lost: the ref was not at `expected` or was locked (data.ref, expected, actual). */
  | 'REF_CAS_MISMATCH'
  /** A ref cannot be created because a ref named like its directory exists, or vice versa (data.ref). */
  | 'REF_NAME_CONFLICT'
  /** The same ref appears twice in one `compareAndSwapMany` (data.ref). */
  | 'REF_UPDATE_DUPLICATE';
