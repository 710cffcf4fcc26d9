import type { FoldEvent } from '../types.js';

/** Position of an event in the total fold order (SPEC-DIGEST §3): (ULID, actor, Event-CID). */
export interface FoldKey {
  readonly ulid: string;
  readonly actor: string;
  readonly cid: string;
}

export function foldKey(e: FoldEvent): FoldKey {
  return { ulid: e.ulid, actor: e.actor, cid: e.cid };
}

/** Compares by code units (never locale), field by field. */
export function compareFoldKeys(a: FoldKey, b: FoldKey): number {
  if (a.ulid !== b.ulid) return a.ulid < b.ulid ? -1 : 1;
  if (a.actor !== b.actor) return a.actor < b.actor ? -1 : 1;
  if (a.cid !== b.cid) return a.cid < b.cid ? -1 : 1;
  return 0;
}
