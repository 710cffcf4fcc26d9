/** Argument checks and ordering shared by both ref stores. */
import { GatosError } from '@gatos/core';
import type { RefUpdate } from '@gatos/core';
import type { GitAdapterErrorCode } from './errorCodes.js';
import { assertOid, assertRefName } from './refName.js';

/** Validates a batch of updates: names, ids, and no ref twice (git would reject the transaction). */
export function checkUpdates(updates: readonly RefUpdate[]): void {
  const seen = new Set<string>();
  for (const u of updates) {
    assertRefName(u.ref);
    if (u.expected !== null) assertOid(u.expected, `expected value of ${u.ref}`);
    assertOid(u.next, `new value of ${u.ref}`);
    if (seen.has(u.ref)) {
      throw new GatosError<GitAdapterErrorCode>('REF_UPDATE_DUPLICATE', `${u.ref} appears twice in one transaction`, { data: { ref: u.ref } });
    }
    seen.add(u.ref);
  }
}

/** Byte-order comparison of ref names (not locale order). */
export function compareRefNames(a: { ref: string }, b: { ref: string }): number {
  return Buffer.compare(Buffer.from(a.ref), Buffer.from(b.ref));
}
