/**
 * Re-chunks caller batches into fixed-size engine batches. Everything the sandbox does per batch
 * (fuel credit, state checks, canonicalisation) then depends only on the event sequence, never on
 * how the caller happened to batch it.
 */
import type { FoldEvent } from '../types.js';

export async function* rechunk(
  batches: AsyncIterable<readonly FoldEvent[]> | Iterable<readonly FoldEvent[]>,
  size: number,
): AsyncGenerator<FoldEvent[]> {
  let pending: FoldEvent[] = [];
  for await (const batch of batches) {
    for (const ev of batch) {
      pending.push(ev);
      if (pending.length === size) {
        yield pending;
        pending = [];
      }
    }
  }
  if (pending.length > 0) yield pending;
}
