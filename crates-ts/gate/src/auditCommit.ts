import { buildJsonRecordCommit, chainCommits, timestampToSeconds, type Oid, type RawObject } from '@gatos/core';
import type { AuditRecord } from './auditRecord.js';

/** The one file in an audit commit's tree. */
export const DECISION_FILE = 'decision.json';

const GATE_IDENT = { name: 'gatos-gate', email: 'gate@gatos', tzOffset: '+0000' } as const;

/**
 * Builds one audit commit (pure): tree `decision.json` = JCS of the record; message
 * `gatos audit: <decision> <rule>` with trailers `Audit-Decision`, `Policy-Rule`, `Policy-Root`, `Ref`;
 * author/committer `gatos-gate <gate@gatos>` at the record's `ts`.
 */
export function buildAuditCommit(record: AuditRecord, parent: Oid | null): { oid: Oid; objects: RawObject[] } {
  return buildJsonRecordCommit({
    file: DECISION_FILE,
    record,
    parent,
    ident: { ...GATE_IDENT, timestamp: timestampToSeconds(record.ts) },
    subject: `gatos audit: ${record.decision} ${record.rule}`,
    trailers: [
      ['Audit-Decision', record.decision],
      ['Policy-Rule', record.rule],
      ['Policy-Root', record.policy_root ?? 'none'],
      ['Ref', record.ref],
    ],
  });
}

/** Chains `records` on `parent`, oldest first; returns the new tip and every object to write. */
export function buildAuditChain(records: readonly AuditRecord[], parent: Oid | null): { tip: Oid | null; objects: RawObject[] } {
  return chainCommits(records, parent, buildAuditCommit);
}
