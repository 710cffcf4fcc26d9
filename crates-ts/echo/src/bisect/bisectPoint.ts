/**
 * Where a bisect starts and ends (ADR-0020): a commit (checkpoint or journal event) or a time. Each
 * resolves to a prefix length of the event sequence: "the state after the first k events".
 */
import { GatosError, assertUlid, cidOf, decodeCommit, isOid, timestampToSeconds, ulidTime, type ObjectStore, type Oid } from '@gatos/core';
import { EVENT_FILE } from '@gatos/ledger';
import { decodePof, type PofEnvelope } from '../checkpoint/pofEnvelope.js';
import type { FoldEvent } from '../types.js';
import { compareFoldKeys } from '../checkpoint/foldOrder.js';

export type BisectPoint =
  | { readonly kind: 'commit'; readonly commit: Oid; readonly text: string }
  | { readonly kind: 'time'; readonly ms: number; readonly text: string };

/** RFC 3339 with a zone (`Z` or `±HH:MM`) and optional fraction. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Parses `--good`/`--bad` text: an RFC 3339 time, a ULID (its time), or a full commit id. Anything
 * else is null: the caller may resolve it as a revision (`git rev-parse`) and pass the commit.
 * @example parseBisectPoint('2026-11-01T12:00:00Z') // { kind: 'time', ms: 1793534400000, … }
 */
export function parseBisectPoint(text: string): BisectPoint | null {
  const m = RFC3339.exec(text);
  if (m) {
    const whole = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`;
    // Validates the calendar fields (no Feb 30); the zone and fraction are then applied by Date.
    try {
      timestampToSeconds(whole);
    } catch {
      throw new GatosError('BISECT_BAD_POINT', `${JSON.stringify(text)} is not a valid RFC 3339 time`, { data: { point: text } });
    }
    return { kind: 'time', ms: Math.floor(Date.parse(text.toUpperCase())), text };
  }
  if (text.length === 26 && /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/.test(text)) {
    assertUlid(text);
    return { kind: 'time', ms: ulidTime(text), text };
  }
  if (isOid(text)) return { kind: 'commit', commit: text, text };
  return null;
}

/** What a point resolved to: the prefix length, and the checkpoint it names (when it is one). */
export interface ResolvedPoint {
  readonly text: string;
  readonly events: number;
  readonly kind: 'checkpoint' | 'event' | 'time';
  readonly commit: Oid | null;
}

/**
 * Resolves a point against the sequence `events` (fold order) of state `name`:
 * time t → every event whose ULID time ≤ t; journal commit → up to and including its event;
 * checkpoint commit → the events its Proof-of-Fold covers (`events`, ending at `last`), which must be
 * a prefix of the sequence (`BISECT_POINT_NOT_PREFIX` when late events sort before its last event).
 */
export async function resolvePoint(objects: ObjectStore, name: string, events: readonly FoldEvent[], point: BisectPoint): Promise<ResolvedPoint> {
  if (point.kind === 'time') {
    let k = 0;
    // Fold order sorts by ULID first, so ULID times never decrease along the sequence.
    while (k < events.length && ulidTime(events[k]!.ulid) <= point.ms) k++;
    return { text: point.text, events: k, kind: 'time', commit: null };
  }
  const files = await commitFiles(objects, point);
  const pofBytes = files.get('pof.cbor');
  if (pofBytes) {
    const pof = decodePof(pofBytes);
    if (pof.ns !== name) throw bad(point, `is a checkpoint of ${pof.ns}, not of ${name}`);
    const k = checkpointPrefix(pof, events);
    if (k === null) {
      throw new GatosError('BISECT_POINT_NOT_PREFIX', `checkpoint ${point.commit} (${point.text}) covers ${pof.events} events that are not the first ${pof.events} of ${name} in fold order now (events arrived late and sort before its last event, or the journals were rewritten); give a time instead`, {
        data: { point: point.text, commit: point.commit },
      });
    }
    return { text: point.text, events: k, kind: 'checkpoint', commit: point.commit };
  }
  const eventBytes = files.get(EVENT_FILE);
  if (eventBytes) {
    const cid = cidOf(eventBytes);
    const i = events.findIndex((e) => e.cid === cid);
    if (i < 0) throw bad(point, `is an event (${cid}) that is not in the journals ${name} folds`);
    return { text: point.text, events: i + 1, kind: 'event', commit: point.commit };
  }
  throw bad(point, 'is neither a checkpoint (no pof.cbor) nor a journal event (no event.cbor)');
}

/**
 * The prefix length a checkpoint's window is, or null when it is not a prefix of `events`. Its `last`
 * is the greatest key it covers, so it is the prefix of length `events` exactly when the sequence's
 * event number `events` is `last` (a late event sorting before `last` would shift it). Ancestry of its
 * heads is checked separately, by whoever builds on its state.
 */
export function checkpointPrefix(pof: PofEnvelope, events: readonly FoldEvent[]): number | null {
  const k = pof.events;
  if (!Number.isSafeInteger(k) || k < 0 || k > events.length) return null;
  if (k === 0) return pof.last === null ? 0 : null;
  return pof.last !== null && compareFoldKeys(events[k - 1]!, pof.last) === 0 ? k : null;
}

async function commitFiles(objects: ObjectStore, point: { commit: Oid; text: string }): Promise<ReadonlyMap<string, Uint8Array>> {
  let raw;
  try {
    raw = await objects.read(point.commit);
  } catch {
    throw bad(point, 'is not in this repository');
  }
  if (raw.type !== 'commit') throw bad(point, `is a ${raw.type}, not a commit`);
  // Only the top-level files that tell a checkpoint from an event are read.
  const tree = decodeCommit(raw.body).tree;
  const files = new Map<string, Uint8Array>();
  for (const f of ['pof.cbor', EVENT_FILE]) {
    const blob = await objects.read(`${tree}:${f}`).catch(() => null);
    if (blob?.type === 'blob') files.set(f, blob.body);
  }
  return files;
}

function bad(point: { commit: Oid; text: string }, why: string): GatosError {
  return new GatosError('BISECT_BAD_POINT', `${point.text === point.commit ? point.commit : `${point.text} (${point.commit})`} ${why}`, { data: { point: point.text, commit: point.commit } });
}
