import { retryWithJitter, type ObjectStore, type Oid, type RefStore } from '@gatos/core';
import type { AuditBatch } from './auditRecord.js';
import { buildAuditChain } from './auditCommit.js';

/** Compare-and-swap attempts before a batch goes to the spool (≈25→500 ms jittered backoff between them). */
export const AUDIT_MAX_ATTEMPTS = 12;

/**
 * Appends a batch of audit records to its chain: read the tip, build the records on it, write the
 * objects, compare-and-swap the ref; on a lost race rebuild on the new tip (jittered retry), so
 * concurrent writers never lose each other's records. Must run outside any pre-receive quarantine
 * (objects would be discarded with a refused push, and git refuses ref updates there).
 * Resolves with the new tip; rejects with the last error when the attempts run out.
 */
export async function appendAuditRecords(
  store: { objects: ObjectStore; refs: RefStore },
  batch: AuditBatch,
  options: { maxAttempts?: number } = {},
): Promise<Oid | null> {
  if (batch.records.length === 0) return store.refs.read(batch.auditRef);
  return retryWithJitter(options.maxAttempts ?? AUDIT_MAX_ATTEMPTS, async () => {
    const parent = await store.refs.read(batch.auditRef);
    const { tip, objects } = buildAuditChain(batch.records, parent);
    await store.objects.write(objects);
    await store.refs.compareAndSwap(batch.auditRef, parent, tip!);
    return tip;
  });
}
