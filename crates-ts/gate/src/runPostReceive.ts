import { ZERO_OID, formatTimestamp, initHashes, isGatosError, newUlid } from '@gatos/core';
import { openRepository } from '@gatos/git';
import { ACTIVE_POLICY_REF, loadBundle } from '@gatos/policy';
import { GENESIS_AUDIT_REF, type AuditRecord } from './auditRecord.js';
import { flushSpool } from './flushSpool.js';
import type { HookIo } from './hookIo.js';
import { pusherFromEnv } from './pusherFromEnv.js';
import { readPushUpdates } from './readPushUpdates.js';
import { safeText } from './safeText.js';
import { writeAuditRecords } from './writeAuditRecord.js';

/**
 * The post-receive hook. First it flushes any spooled DENY batches to their audit refs (a push
 * that got this far means the repository accepts ref updates again). Then, when the push just created `refs/gatos/policies/active` (trust on first
 * use in an empty gated repository), records the acceptance as an `ACCEPT` record on
 * `refs/gatos/audit/policy/genesis`. It runs after the refs moved, outside any quarantine, so it
 * writes directly. Always resolves 0: the push has already happened.
 */
export async function runPostReceive(input: string, io: HookIo): Promise<number> {
  await flushPending(io);
  try {
    const created = readPushUpdates(input).find((u) => u.ref === ACTIVE_POLICY_REF && u.old === ZERO_OID && u.new !== ZERO_OID);
    if (!created) return 0;
    await initHashes();
    const repo = await openRepository(io.gitDir);
    let record: AuditRecord;
    try {
      const bundle = await loadBundle(repo.objects, created.new);
      const now = io.clock.now();
      record = {
        decision: 'ACCEPT',
        rule: 'gatos.policy.genesis',
        reason: safeText(`trust on first use: genesis policy ${bundle.commit} (bundle ${bundle.bundleId}, published by ${bundle.publishedBy}) became the active policy`),
        ref: created.ref,
        old: created.old,
        new: created.new,
        commit: created.new,
        pusher: { ...pusherFromEnv(io.env), event_actor: bundle.publishedBy },
        policy_root: bundle.commit,
        policy_code_root: `sha256:${bundle.policyCodeRoot}`,
        ts: formatTimestamp(Math.floor(now / 1000)),
        ulid: newUlid(now),
      };
    } finally {
      await repo.close();
    }
    const result = await writeAuditRecords(io.gitDir, { auditRef: GENESIS_AUDIT_REF, records: [record] });
    io.print(`GATOS: genesis policy ${created.new} accepted (trust on first use); recorded ${result.spooled ? `in ${result.spooled}` : `on ${GENESIS_AUDIT_REF}`}`);
    return 0;
  } catch (err) {
    io.print(`GATOS ERROR ${isGatosError(err) ? err.code : 'INTERNAL'}: post-receive could not record the genesis policy: ${safeText(err instanceof Error ? err.message : String(err))}`);
    return 0;
  }
}

/** Flushes the DENY spool, reporting only when there was something to do; never throws. */
async function flushPending(io: HookIo): Promise<void> {
  try {
    const r = await flushSpool(io.gitDir);
    if (r.flushed.length > 0) io.print(`GATOS: flushed ${r.written} spooled audit records from ${r.flushed.length} spool files`);
    if (r.error !== null) io.print(`GATOS: ${r.remaining.length} audit spool files are still waiting (the next post-receive or git gatos audit flush retries them): ${safeText(r.error)}`);
  } catch (err) {
    io.print(`GATOS ERROR ${isGatosError(err) ? err.code : 'INTERNAL'}: post-receive could not flush the audit spool: ${safeText(err instanceof Error ? err.message : String(err))}`);
  }
}
