import type { ObjectStore, RefStore } from '@gatos/core';
import { resolverError } from './errors.js';
import { RESOLVE_DECISION_FILE, buildResolveAuditCommit } from './resolveAuditCommit.js';
import { RESOLVE_AUDIT_REF, type ResolveAuditRecord } from './resolveAuditRecord.js';

export interface ResolveAuditEntry extends ResolveAuditRecord {
  /** The audit commit holding the record. */
  readonly commit: string;
}

export interface ResolveAuditView {
  /** Newest first. */
  readonly entries: readonly ResolveAuditEntry[];
  /** Records on the chain (before `limit`). */
  readonly total: number;
  /** Requests they stand for (summaries count their `count`). */
  readonly requests: number;
  readonly allowed: number;
  readonly denied: number;
}

/**
 * Reads `refs/gatos/audit/resolve`, newest first, and checks it: a linear chain in which every commit
 * is exactly what `buildResolveAuditCommit` makes of its `decision.json` on its parent, so an edited
 * record, message or date fails. Throws `RESOLVER_AUDIT_UNREADABLE` naming the commit.
 *
 * @example
 * const { entries } = await readResolveAudit(repo, { limit: 20 });
 */
export async function readResolveAudit(store: { objects: ObjectStore; refs: RefStore }, options: { limit?: number } = {}): Promise<ResolveAuditView> {
  const tip = await store.refs.read(RESOLVE_AUDIT_REF);
  if (tip === null) return { entries: [], total: 0, requests: 0, allowed: 0, denied: 0 };
  const commits = await store.objects.walk(tip);
  const blobs = await store.objects.readMany(commits.map((c) => `${c.oid}:${RESOLVE_DECISION_FILE}`)).catch((err: unknown) => {
    throw unreadable(`a commit on ${RESOLVE_AUDIT_REF} has no ${RESOLVE_DECISION_FILE}`, tip, err);
  });
  const entries: ResolveAuditEntry[] = [];
  let requests = 0;
  let allowed = 0;
  let denied = 0;
  commits.forEach((c, i) => {
    const expectedParent = i === 0 ? null : commits[i - 1]!.oid;
    if (c.parents.length !== (expectedParent === null ? 0 : 1) || (expectedParent !== null && c.parents[0] !== expectedParent)) {
      throw unreadable(`audit commit ${c.oid} does not continue the chain (one parent, the previous record)`, c.oid);
    }
    let record: ResolveAuditRecord;
    let rebuilt: string;
    try {
      record = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(blobs[i]!.body)) as ResolveAuditRecord;
      rebuilt = buildResolveAuditCommit(record, expectedParent).oid;
    } catch (err) {
      throw unreadable(`audit commit ${c.oid} holds no valid ${RESOLVE_DECISION_FILE}`, c.oid, err);
    }
    if (rebuilt !== c.oid) throw unreadable(`audit commit ${c.oid} is not the canonical commit of its record (edited record, message or date?)`, c.oid);
    const count = typeof record.count === 'number' ? record.count : 1;
    requests += count;
    if (record.decision === 'ALLOW') allowed += count;
    else denied += count;
    entries.push({ ...record, commit: c.oid });
  });
  entries.reverse();
  return { entries: entries.slice(0, options.limit ?? entries.length), total: entries.length, requests, allowed, denied };
}

function unreadable(message: string, commit: string, cause?: unknown) {
  return resolverError('RESOLVER_AUDIT_UNREADABLE', `${message}; inspect it with git log ${RESOLVE_AUDIT_REF}`, { data: { commit, ref: RESOLVE_AUDIT_REF }, ...(cause === undefined ? {} : { cause }) });
}
