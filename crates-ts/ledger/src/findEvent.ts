import { GatosError, decodeCommit, isGatosError, parseMessage, type ObjectStore, type RefStore } from '@gatos/core';
import { listJournals, readEvents, type LoggedEvent } from './eventLog.js';
import { parseJournalRef } from './journalRef.js';

/**
 * Finds an event by Event-CID (`bafyr4i…`) or by journal commit id (full or abbreviated is not
 * accepted: give 40 hex). By CID it scans the `Event-CID` trailers of every journal.
 */
export async function findEvent(store: { objects: ObjectStore; refs: RefStore }, id: string): Promise<LoggedEvent> {
  const journals = await listJournals(store.refs);
  if (/^[0-9a-f]{40}$/.test(id)) {
    for (const j of journals) {
      if (await store.objects.isAncestor(id, j.tip).catch(() => false)) {
        const [event] = await readEvents(store.objects, j.ref, j.ns, [id]);
        return event!;
      }
    }
    throw notFound(id);
  }
  if (!id.startsWith('b')) {
    throw new GatosError('EVENT_BAD_ID', `${JSON.stringify(id)} is neither an Event-CID (bafyr4i…) nor a 40-hex commit id`, { data: { id } });
  }
  for (const j of journals) {
    const chain = await store.objects.walk(j.tip);
    const raws = await store.objects.readMany(chain.map((c) => c.oid));
    for (const [i, raw] of raws.entries()) {
      const trailers = safeTrailers(raw.body);
      if (trailers.some(([k, v]) => k === 'Event-CID' && v === id)) {
        const parsed = parseJournalRef(j.ref)!;
        const [event] = await readEvents(store.objects, j.ref, parsed.ns, [chain[i]!.oid]);
        return event!;
      }
    }
  }
  throw notFound(id);
}

function safeTrailers(body: Uint8Array): Array<[string, string]> {
  try {
    return parseMessage(decodeCommit(body).message).trailers;
  } catch (err) {
    if (isGatosError(err)) return [];
    throw err;
  }
}

function notFound(id: string): GatosError {
  return new GatosError('EVENT_NOT_FOUND', `no journal event ${id} in this repository`, { data: { id }, exitClass: 'check' });
}
