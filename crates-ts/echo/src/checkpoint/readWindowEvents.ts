import { decode } from '@ipld/dag-cbor';
import { CID } from 'multiformats/cid';
import { GatosError, cidOf, timestampToSeconds, ulidTime, type ObjectStore, type Oid, type RawObject } from '@gatos/core';
import { EVENT_FILE } from '@gatos/ledger';
import type { FoldEvent, FoldValue } from '../types.js';
import { compareFoldKeys } from './foldOrder.js';

const CHUNK = 4096;

export interface WindowEvents {
  /** Events in fold order. */
  readonly events: FoldEvent[];
  /** Largest event time in whole seconds (ts, else ULID time); 0 when there are none. */
  readonly maxTime: number;
}

/**
 * Reads the events of each journal between `base` (exclusive; null = from its root) and `head`,
 * and returns them in fold order. Events are decoded with the ordinary DAG-CBOR decoder: checking
 * canonical form and signatures is `event verify`'s and the gate's job, and a fold of the same bytes
 * is deterministic either way.
 */
export async function readWindowEvents(objects: ObjectStore, journals: ReadonlyArray<{ ref: string; head: Oid; base: Oid | null }>): Promise<WindowEvents> {
  const events: FoldEvent[] = [];
  let maxTime = 0;
  for (const j of journals) {
    const commits = await objects.walk(j.head, j.base ? [j.base] : []);
    const read = (i: number): Promise<RawObject[]> => objects.readMany(commits.slice(i, i + CHUNK).map((c) => `${c.oid}:${EVENT_FILE}`));
    // One chunk ahead: git produces chunk k+1 while chunk k is decoded here.
    let next = commits.length > 0 ? read(0) : null;
    for (let i = 0; i < commits.length; i += CHUNK) {
      const slice = commits.slice(i, i + CHUNK);
      const blobs = await next!;
      next = i + CHUNK < commits.length ? read(i + CHUNK) : null;
      for (const [k, blob] of blobs.entries()) {
        const event = toFoldEvent(blob.body, j.ref, slice[k]!.oid);
        events.push(event);
        const t = event.ts !== undefined ? timestampToSeconds(event.ts) : Math.floor(ulidTime(event.ulid) / 1000);
        if (t > maxTime) maxTime = t;
      }
    }
  }
  events.sort(compareFoldKeys);
  return { events, maxTime };
}

function toFoldEvent(bytes: Uint8Array, ref: string, commit: Oid): FoldEvent {
  let env: Record<string, unknown>;
  try {
    env = decode(bytes) as Record<string, unknown>;
  } catch (err) {
    throw new GatosError('FOLD_BAD_EVENT', `${ref} ${commit}: event.cbor does not decode (${(err as Error).message}); run git gatos event verify`, {
      data: { ref, commit }, exitClass: 'check',
    });
  }
  const { type, ulid, actor, payload, ts } = env;
  if (typeof type !== 'string' || typeof ulid !== 'string' || typeof actor !== 'string' || typeof payload !== 'object' || payload === null) {
    throw new GatosError('FOLD_BAD_EVENT', `${ref} ${commit}: not a gatos event envelope; run git gatos event verify`, { data: { ref, commit }, exitClass: 'check' });
  }
  return { cid: cidOf(bytes), actor, ulid, type, payload: toFoldValue(payload), ...(typeof ts === 'string' ? { ts } : {}) };
}

/**
 * CIDs cross into folds as strings (SPEC-DIGEST Q9); everything else as decoded. The decoded value is
 * freshly allocated and ours, so CIDs are replaced in place rather than copying every payload.
 */
function toFoldValue(v: unknown): FoldValue {
  if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return v as FoldValue;
  const cid = CID.asCID(v);
  if (cid) return cid.toString();
  const container = v as Record<string, unknown>;
  for (const k of Object.keys(container)) {
    const x = container[k];
    if (x !== null && typeof x === 'object' && !(x instanceof Uint8Array)) container[k] = toFoldValue(x);
  }
  return container as FoldValue;
}
