import { GatosError, type ObjectStore, type Oid, type RefStore } from '@gatos/core';
import { DECISION_FILE } from './auditCommit.js';
import { DENY_AUDIT_REF, GENESIS_AUDIT_REF, type AuditRecord } from './auditRecord.js';
import type { GateErrorCode } from './errors.js';
import { readSpool } from './spool.js';

export interface AuditLogEntry extends AuditRecord {
  /** The chain the record is on (or is bound for, when spooled). */
  readonly auditRef: string;
  /** The audit commit, or null for a spooled record not yet committed. */
  readonly auditCommit: Oid | null;
  /** The spool file holding the record, or null when it is committed. */
  readonly spoolFile: string | null;
}

export interface AuditLog {
  /** Newest first (by ULID), committed and spooled records together. */
  readonly entries: AuditLogEntry[];
  /** How many records (before `limit`) are only in the spool. */
  readonly spooled: number;
  /** How many records there are in all (before `limit`). */
  readonly total: number;
}

/**
 * Reads the gate's audit log: the DENY chain, the genesis chain and any spooled DENY batches
 * (`<git-dir>/gatos/audit-spool/`), newest first. Throws `GATE_AUDIT_UNREADABLE` naming a record
 * that does not parse.
 *
 * @example
 * const { entries, spooled } = await readAuditLog(repo, repo.gitDir, { limit: 20 });
 */
export async function readAuditLog(store: { objects: ObjectStore; refs: RefStore }, gitDir: string, options: { limit?: number } = {}): Promise<AuditLog> {
  const entries: AuditLogEntry[] = [];
  for (const auditRef of [DENY_AUDIT_REF, GENESIS_AUDIT_REF]) {
    const tip = await store.refs.read(auditRef);
    if (tip === null) continue;
    const commits = await store.objects.walk(tip);
    const blobs = await store.objects.readMany(commits.map((c) => `${c.oid}:${DECISION_FILE}`)).catch((err: unknown) => {
      throw unreadable(`an audit commit on ${auditRef} has no ${DECISION_FILE}`, { ref: auditRef }, err);
    });
    blobs.forEach((b, i) => {
      const commit = commits[i]!.oid;
      let record: AuditRecord;
      try {
        record = JSON.parse(new TextDecoder().decode(b.body)) as AuditRecord;
      } catch (err) {
        throw unreadable(`audit commit ${commit} on ${auditRef} holds no JSON ${DECISION_FILE}`, { commit }, err);
      }
      entries.push({ ...record, auditRef, auditCommit: commit, spoolFile: null });
    });
  }
  let spooled = 0;
  for (const batch of readSpool(gitDir)) {
    for (const record of batch.records) entries.push({ ...record, auditRef: batch.auditRef, auditCommit: null, spoolFile: batch.path });
    spooled += batch.records.length;
  }
  entries.sort((a, b) => (a.ulid < b.ulid ? 1 : a.ulid > b.ulid ? -1 : 0));
  return { entries: entries.slice(0, options.limit ?? entries.length), spooled, total: entries.length };
}

function unreadable(message: string, data: Record<string, string>, cause: unknown): GatosError<GateErrorCode> {
  return new GatosError<GateErrorCode>('GATE_AUDIT_UNREADABLE', `${message}; the audit log is damaged, inspect it with git log ${DENY_AUDIT_REF}`, { data, cause, exitClass: 'check' });
}
