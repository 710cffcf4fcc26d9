import { blake3Hex, type ObjectStore, type Oid } from '@gatos/core';
import type { FoldState } from '../types.js';
import { loadCheckpoint, stateFilePath, type LoadedCheckpoint } from './checkpointCommit.js';
import { compareFoldKeys } from './foldOrder.js';
import type { LedgerHeads } from './ledgerHeads.js';
import { readWindowEvents, type WindowEvents } from './readWindowEvents.js';

export interface FoldBase {
  /** The checkpoint folded on top of, or null for genesis. */
  readonly checkpoint: LoadedCheckpoint | null;
  readonly state: FoldState | null;
  /** Events after the base, in fold order. */
  readonly delta: WindowEvents;
  /** True when a newer candidate had to be skipped because events arrived that sort before its last event. */
  readonly rewound: boolean;
}

/** How far back along the checkpoint chain to look for a usable base before refolding from genesis. */
const MAX_BASE_DEPTH = 64;

/**
 * Picks the newest checkpoint (from `tips`, then their first-parent ancestors) that can be extended
 * to `heads`: same fold artefact, intact state file, every journal head it covers is an ancestor of
 * the new head, and every event it lacks sorts after its last event. When late events sort before a
 * checkpoint's last event, that checkpoint is passed over (a rewind) and an older one is tried.
 * Cost is proportional to the new events when nothing arrives late.
 */
export async function chooseBase(objects: ObjectStore, tips: readonly Oid[], heads: LedgerHeads, foldRoot: string, name: string): Promise<FoldBase> {
  let rewound = false;
  const queue = [...tips].sort();
  const seen = new Set<Oid>();
  for (let depth = 0; queue.length > 0 && depth < MAX_BASE_DEPTH; depth++) {
    const commit = queue.shift()!;
    if (seen.has(commit)) continue;
    seen.add(commit);
    const cp = await loadCheckpoint(objects, commit).catch(() => null);
    if (!cp) continue;
    if (cp.parents[0]) queue.push(cp.parents[0]);
    const usable = await extends_(objects, cp, heads, foldRoot, name);
    if (!usable) continue;
    const delta = await readWindowEvents(objects, Object.entries(heads).map(([ref, head]) => ({ ref, head, base: cp.pof.ledger_end[ref] ?? null })));
    const first = delta.events[0];
    if (first && cp.pof.last && compareFoldKeys(first, cp.pof.last) <= 0) {
      rewound = true;
      continue;
    }
    return { checkpoint: cp, state: usable.state, delta, rewound };
  }
  const delta = await readWindowEvents(objects, Object.entries(heads).map(([ref, head]) => ({ ref, head, base: null })));
  return { checkpoint: null, state: null, delta, rewound: rewound || tips.length > 0 };
}

async function extends_(objects: ObjectStore, cp: LoadedCheckpoint, heads: LedgerHeads, foldRoot: string, name: string): Promise<{ state: FoldState } | null> {
  if (cp.pof.fold_root !== foldRoot) return null;
  const bytes = cp.files.get(stateFilePath(name));
  // A checkpoint whose state file does not hash to its State-Root is never built upon.
  if (!bytes || `blake3:${blake3Hex(bytes)}` !== cp.pof.state_root) return null;
  for (const [ref, oid] of Object.entries(cp.pof.ledger_end)) {
    const head = heads[ref];
    if (!head || !(await objects.isAncestor(oid, head))) return null;
  }
  return { state: JSON.parse(new TextDecoder().decode(bytes)) as FoldState };
}
