/**
 * Where the resolver learns a blob's class (ADR-0016): the class recorded when the blob was stored
 * (`blob put --class`). The resolver never takes a class from the caller: a token's scope only
 * narrows what it may read.
 */
export interface BlobClassIndex {
  /** The class of the blob `blake3:<hex>`, or null when it was stored without one. */
  classOf(hash: string): Promise<string | null>;
}

/** An index in which every blob is unclassed. */
export const NO_CLASSES: BlobClassIndex = { classOf: async () => null };
