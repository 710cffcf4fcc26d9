import { canonicalJsonBytes, encodeCommit, encodeTree, formatMessage, hashObject, timestampToSeconds, type Oid, type RawObject } from '@gatos/core';
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
  const json = canonicalJsonBytes(record);
  const blob = hashObject('blob', json);
  const tree = encodeTree([{ mode: '100644', name: RESOLVE_DECISION_FILE, oid: blob }]);
  const ident = { ...RESOLVER_IDENT, timestamp: timestampToSeconds(record.ts) };
  const digest = record.digest ?? '-';
  const body = encodeCommit({
    tree: hashObject('tree', tree),
    parents: parent === null ? [] : [parent],
    author: ident,
    committer: ident,
    message: formatMessage(`gatos resolve: ${record.decision} ${digest} ${record.reason}`, [
      ['Audit-Decision', record.decision],
      ['Digest', digest],
      ['Sub', record.sub ?? '-'],
      ['Reason', record.reason],
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
export function buildResolveAuditChain(records: readonly ResolveAuditRecord[], parent: Oid | null): { tip: Oid | null; objects: RawObject[] } {
  const objects: RawObject[] = [];
  let tip = parent;
  for (const r of records) {
    const built = buildResolveAuditCommit(r, tip);
    objects.push(...built.objects);
    tip = built.oid;
  }
  return { tip, objects };
}
