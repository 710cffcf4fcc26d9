import { canonicalJsonBytes, encodeCommit, encodeTree, formatMessage, hashObject, timestampToSeconds, type Oid, type RawObject } from '@gatos/core';
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
  const json = canonicalJsonBytes(record);
  const blob = hashObject('blob', json);
  const tree = encodeTree([{ mode: '100644', name: DECISION_FILE, oid: blob }]);
  const ident = { ...GATE_IDENT, timestamp: timestampToSeconds(record.ts) };
  const body = encodeCommit({
    tree: hashObject('tree', tree),
    parents: parent === null ? [] : [parent],
    author: ident,
    committer: ident,
    message: formatMessage(`gatos audit: ${record.decision} ${record.rule}`, [
      ['Audit-Decision', record.decision],
      ['Policy-Rule', record.rule],
      ['Policy-Root', record.policy_root ?? 'none'],
      ['Ref', record.ref],
    ]),
  });
  return {
    oid: hashObject('commit', body),
    objects: [
      { type: 'blob', body: json },
      { type: 'tree', body: tree },
      { type: 'commit', body },
    ],
  };
}

/** Chains `records` on `parent`, oldest first; returns the new tip and every object to write. */
export function buildAuditChain(records: readonly AuditRecord[], parent: Oid | null): { tip: Oid | null; objects: RawObject[] } {
  const objects: RawObject[] = [];
  let tip = parent;
  for (const r of records) {
    const built = buildAuditCommit(r, tip);
    objects.push(...built.objects);
    tip = built.oid;
  }
  return { tip, objects };
}
