import { buildJsonRecordCommit, chainCommits, timestampToSeconds, type Oid, type RawObject } from '@gatos/core';
import type { ResolveAuditRecord } from './resolveAuditRecord.js';

/** The one file in a resolver audit commit's tree. */
export const RESOLVE_DECISION_FILE = 'decision.json';

const RESOLVER_IDENT = { name: 'gatos-resolver', email: 'resolver@gatos', tzOffset: '+0000' } as const;

/**
 * Builds one resolver audit commit (pure, deterministic): tree `decision.json` = JCS of the record;
 * message `gatos resolve: <decision> <digest|-> <reason>` with trailers `Audit-Decision`, `Digest`,
 * `Sub`, `Reason`; author = committer = `gatos-resolver <resolver@gatos>` at the record's `ts`, `+0000`.
 */
export function buildResolveAuditCommit(record: ResolveAuditRecord, parent: Oid | null): { oid: Oid; objects: RawObject[] } {
  const digest = record.digest ?? '-';
  return buildJsonRecordCommit({
    file: RESOLVE_DECISION_FILE,
    record,
    parent,
    ident: { ...RESOLVER_IDENT, timestamp: timestampToSeconds(record.ts) },
    subject: `gatos resolve: ${record.decision} ${digest} ${record.reason}`,
    trailers: [
      ['Audit-Decision', record.decision],
      ['Digest', digest],
      ['Sub', record.sub ?? '-'],
      ['Reason', record.reason],
    ],
  });
}

/** Chains `records` on `parent`, oldest first; returns the new tip and every object to write. */
export function buildResolveAuditChain(records: readonly ResolveAuditRecord[], parent: Oid | null): { tip: Oid | null; objects: RawObject[] } {
  return chainCommits(records, parent, buildResolveAuditCommit);
}
