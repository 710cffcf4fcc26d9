import type { RefStore } from '@gatos/core';
import { listJournals } from '@gatos/ledger';
import { sortHeads, type LedgerHeads } from './ledgerHeads.js';

/** The tips of every journal in the given namespaces: what a fold covers now. */
export async function currentHeads(refs: RefStore, inputs: readonly string[]): Promise<LedgerHeads> {
  const heads: Record<string, string> = {};
  for (const ns of inputs) for (const j of await listJournals(refs, ns)) heads[j.ref] = j.tip;
  return sortHeads(heads);
}
