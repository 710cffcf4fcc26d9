import { assertNamespace, cidOf, decodeCommit, decodeEnvelope, parseMessage, type EventEnvelope, type ObjectStore, type Oid, type RefStore } from '@gatos/core';
import { JOURNAL_PREFIX, journalRef, parseJournalRef } from './journalRef.js';
import { EVENT_FILE } from './eventCommit.js';

export interface LoggedEvent {
  readonly ns: string;
  readonly ref: string;
  readonly commit: Oid;
  readonly cid: string;
  readonly envelope: EventEnvelope;
  /** `Signer` trailer as written (not verified here; see `verifyJournals`). */
  readonly signer: string | null;
}

/** Journals of `ns` (or all), as `{ref, ns, actor, tip}` sorted by ref. */
export async function listJournals(refs: RefStore, ns?: string): Promise<Array<{ ref: string; ns: string; actor: string; tip: Oid }>> {
  if (ns !== undefined) assertNamespace(ns);
  const listed = await refs.list(ns ? `${JOURNAL_PREFIX}${ns}/` : JOURNAL_PREFIX);
  return listed.flatMap(({ ref, oid }) => {
    const parsed = parseJournalRef(ref);
    return parsed ? [{ ref, ...parsed, tip: oid }] : [];
  });
}

/**
 * The newest `limit` events of a namespace (optionally one actor), newest first, in the fold order
 * (ULID, actor, Event-CID) reversed. Reads only the last `limit` commits of each journal.
 */
export async function eventLog(
  store: { objects: ObjectStore; refs: RefStore },
  options: { ns: string; actor?: string; limit?: number },
): Promise<LoggedEvent[]> {
  assertNamespace(options.ns);
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const journals = options.actor
    ? await store.refs.read(journalRef(options.ns, options.actor)).then((tip) => (tip ? [{ ref: journalRef(options.ns, options.actor!), ns: options.ns, tip }] : []))
    : await listJournals(store.refs, options.ns);
  const all: LoggedEvent[] = [];
  for (const j of journals) {
    const chain = await store.objects.walk(j.tip);
    const wanted = chain.slice(Math.max(0, chain.length - limit)).map((c) => c.oid);
    all.push(...(await readEvents(store.objects, j.ref, j.ns, wanted)));
  }
  all.sort(compareFoldOrder).reverse();
  return all.slice(0, limit);
}

/** Total fold order of SPEC-DIGEST §3: (ULID, actor, Event-CID), by code unit. */
export function compareFoldOrder(a: { envelope: EventEnvelope; cid: string }, b: { envelope: EventEnvelope; cid: string }): number {
  const ka = [a.envelope.ulid, a.envelope.actor, a.cid];
  const kb = [b.envelope.ulid, b.envelope.actor, b.cid];
  for (let i = 0; i < 3; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
  return 0;
}

/** Reads and decodes the events at `commits` (two pipelined reads). */
export async function readEvents(objects: ObjectStore, ref: string, ns: string, commits: readonly Oid[]): Promise<LoggedEvent[]> {
  const raws = await objects.readMany(commits);
  const blobs = await objects.readMany(commits.map((c) => `${c}:${EVENT_FILE}`));
  return commits.map((commit, i) => {
    const message = parseMessage(decodeCommit(raws[i]!.body).message);
    const signer = message.trailers.find(([k]) => k === 'Signer')?.[1] ?? null;
    const bytes = blobs[i]!.body;
    return { ns, ref, commit, cid: cidOf(bytes), envelope: decodeEnvelope(bytes), signer };
  });
}
