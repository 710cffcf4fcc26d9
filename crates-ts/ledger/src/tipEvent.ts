import { decodeEnvelope, type EventEnvelope, type ObjectStore, type Oid } from '@gatos/core';
import { EVENT_FILE } from './eventCommit.js';

/** Decodes the event at a journal commit (strictly). */
export async function eventAt(objects: ObjectStore, commit: Oid): Promise<EventEnvelope> {
  const blob = await objects.read(`${commit}:${EVENT_FILE}`);
  return decodeEnvelope(blob.body);
}
