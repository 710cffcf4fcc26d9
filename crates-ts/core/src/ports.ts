/**
 * Ports: the small interfaces every plane is written against.
 *
 * Planes never spawn git or touch `.git/` themselves; adapters in `@gatos/git`
 * implement these contracts (git CLI for hot paths, isomorphic-git where no git binary exists).
 * A shared contract test suite runs against every adapter.
 */

/** A git object id: 40 lowercase hex characters (SHA-1 repositories). */
export type Oid = string;

export const ZERO_OID: Oid = '0000000000000000000000000000000000000000';

export type GitObjectType = 'blob' | 'tree' | 'commit' | 'tag';

export interface RawObject {
  readonly type: GitObjectType;
  readonly body: Uint8Array;
}

export interface ObjectStore {
  /**
   * Reads objects by name, pipelined, in the order asked.
   * A name is an `Oid` or `<oid>:<path>` (a path inside the tree of a commit or tree).
   * Rejects with `GIT_OBJECT_MISSING` (data.name) when any name does not resolve.
   */
  readMany(names: readonly string[]): Promise<RawObject[]>;
  /** Reads one object; same contract as `readMany`. */
  read(name: string): Promise<RawObject>;
  /** True when the object exists in the store. */
  has(oid: Oid): Promise<boolean>;
  /**
   * Writes objects and resolves with their ids, in order, once every object is durable in the
   * store (so a ref may safely point at them). Writing an object that already exists is a no-op.
   */
  write(objects: readonly RawObject[]): Promise<Oid[]>;
  /**
   * Commits reachable from `tip` but not from any of `exclude`, parents before children
   * (`git rev-list --topo-order --reverse --parents`), each with its parent ids.
   */
  walk(tip: Oid, exclude?: readonly Oid[]): Promise<Array<{ oid: Oid; parents: Oid[] }>>;
  /** True when `ancestor` is reachable from `descendant` (a commit is its own ancestor). */
  isAncestor(ancestor: Oid, descendant: Oid): Promise<boolean>;
  /** Releases long-lived resources (e.g. `git cat-file --batch` processes). Idempotent. */
  close(): Promise<void>;
}

export interface RefUpdate {
  readonly ref: string;
  /** The value the ref must have now; `null` means the ref must not exist. */
  readonly expected: Oid | null;
  /** The new value. */
  readonly next: Oid;
}

export interface RefStore {
  /** The ref's current value, or null when it does not exist. Never follows symbolic refs beyond HEAD. */
  read(ref: string): Promise<Oid | null>;
  /**
   * Atomically moves `ref` from `expected` to `next`.
   * Rejects with `REF_CAS_MISMATCH` (data.ref, data.expected, data.actual) when the ref's current
   * value is not `expected`; the ref is then unchanged.
   */
  compareAndSwap(ref: string, expected: Oid | null, next: Oid): Promise<void>;
  /**
   * Applies every update or none (one transaction). Rejects with `REF_CAS_MISMATCH` naming the
   * first ref whose current value differed.
   */
  compareAndSwapMany(updates: readonly RefUpdate[]): Promise<void>;
  /** Every ref under `prefix` (e.g. `refs/gatos/journal/`), sorted by name. */
  list(prefix: string): Promise<Array<{ ref: string; oid: Oid }>>;
}

/** Where time comes from. Planes never read the wall clock directly, so tests can pin it. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Something that signs canonical bytes for one actor. Private keys never leave the signer. */
export interface Signer {
  readonly actor: string;
  /** Raw 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array;
  /** Ed25519 signature (64 bytes) over `message`. */
  sign(message: Uint8Array): Uint8Array;
  /**
   * Optional: signs many messages, possibly in parallel. Must resolve to exactly
   * `messages.map(sign)` (Ed25519 signatures are deterministic).
   */
  signMany?(messages: readonly Uint8Array[]): Promise<Uint8Array[]>;
}
