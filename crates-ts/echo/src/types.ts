/**
 * The data that crosses the fold boundary (SPEC-DIGEST §3 "[R] ABI and artefacts", Q5, Q9).
 */

/**
 * A decoded payload value. Integers are exact: `number` only within ±(2^53−1), `bigint` beyond (or
 * wherever the decoder produced one). Byte strings are `Uint8Array`; CIDs are strings. No floats.
 */
export type FoldValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | readonly FoldValue[]
  | { readonly [key: string]: FoldValue };

/** One journal event as a fold sees it (deep-frozen inside the sandbox). */
export interface FoldEvent {
  readonly cid: string;
  readonly actor: string;
  readonly ulid: string;
  readonly type: string;
  readonly payload: FoldValue;
  readonly ts?: string;
}

/**
 * Fold state: plain JSON data only. Numbers are safe integers (no floats, no -0, no NaN/±Infinity);
 * no bigint, no undefined, no cycles. Objects come back with keys in UTF-16 code-unit order.
 */
export type FoldState = null | boolean | number | string | FoldState[] | { [key: string]: FoldState };

/**
 * Resource limits. They are part of the engine identity: a proof-of-fold is only reproducible with the
 * defaults ({@link DEFAULT_FOLD_LIMITS}); override them for tests and benchmarks only.
 */
export interface FoldLimits {
  /** Interrupt ticks every run may spend regardless of how many events it folds (module load + init). */
  readonly fuelBase: number;
  /** Extra interrupt ticks granted per event handed to the sandbox (credited one engine batch at a time). */
  readonly fuelPerEvent: number;
  /** Hard ceiling of the sandbox's WASM linear memory, in bytes (a multiple of 64 KiB). */
  readonly memoryBytes: number;
  /** QuickJS's own allocation limit (in this build it caps single allocations and allocation count). */
  readonly heapLimitBytes: number;
  /** QuickJS stack limit in bytes. */
  readonly stackBytes: number;
  /** Events per sandbox call. Input batches are re-chunked to this size so results never depend on them. */
  readonly batchEvents: number;
}

/** Input to {@link runFold} and {@link runFoldReference}. */
export interface RunFoldOptions {
  /** The fold: one ES module, no imports, exporting `init()` and `step(state, event)`. */
  readonly source: string;
  /** Used in error messages only. */
  readonly filename?: string;
  /** A previous checkpoint's state; when given, `init()` is not called and folding resumes from it. */
  readonly initialState?: FoldState;
  /** Events in fold order, in batches of any size (the engine re-chunks them). */
  readonly batches: AsyncIterable<readonly FoldEvent[]> | Iterable<readonly FoldEvent[]>;
  /** Test/benchmark override of the pinned limits. */
  readonly limits?: Partial<FoldLimits>;
}

/** Output of a completed fold. */
export interface RunFoldResult {
  readonly state: FoldState;
  readonly eventsFolded: number;
  /** Interrupt ticks spent (deterministic; 0 for the reference runner). */
  readonly fuelUsed: number;
}
