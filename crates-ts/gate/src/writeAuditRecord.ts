import { openRepository } from '@gatos/git';
import { appendAuditRecords } from './appendAuditRecords.js';
import type { AuditBatch } from './auditRecord.js';
import { spoolBatch } from './spool.js';

export interface AuditWriteResult {
  /** Records committed to the audit ref (0 when spooled). */
  readonly written: number;
  /** The audit ref's new tip, or null when spooled. */
  readonly tip: string | null;
  /** The spool file the batch went to when it could not be committed, else null. */
  readonly spooled: string | null;
}

/**
 * Commits an audit batch to the repository at `gitDir` (git-CLI adapter, compare-and-swap with retry);
 * when that keeps failing, spools it under `<git-dir>/gatos/audit-spool/` instead. Never throws for a
 * failed commit: a record is either in the chain or in the spool.
 * The caller's environment must be free of the pre-receive quarantine variables (see `spawnAuditWriter`).
 *
 * @example
 * const r = await writeAuditRecords('/srv/git/repo.git', { auditRef: DENY_AUDIT_REF, records });
 */
export async function writeAuditRecords(gitDir: string, batch: AuditBatch, options: { maxAttempts?: number } = {}): Promise<AuditWriteResult> {
  if (batch.records.length === 0) return { written: 0, tip: null, spooled: null };
  try {
    const repo = await openRepository(gitDir);
    try {
      const tip = await appendAuditRecords(repo, batch, options);
      return { written: batch.records.length, tip, spooled: null };
    } finally {
      await repo.close();
    }
  } catch (err) {
    return { written: 0, tip: null, spooled: spoolBatch(gitDir, batch, err instanceof Error ? err.message : String(err)) };
  }
}
