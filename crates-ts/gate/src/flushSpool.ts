import { unlinkSync } from 'node:fs';
import { retryWithJitter, type ObjectStore, type Oid, type RefStore } from '@gatos/core';
import { openRepository } from '@gatos/git';
import { AUDIT_MAX_ATTEMPTS } from './appendAuditRecords.js';
import { DECISION_FILE, buildAuditChain } from './auditCommit.js';
import type { AuditRecord } from './auditRecord.js';
import { readSpool } from './spool.js';

/** What one spool flush did. */
export interface SpoolFlushResult {
  /** Spool files whose records are now all on their audit ref (and that were removed). */
  readonly flushed: string[];
  /** Records committed by this flush. */
  readonly written: number;
  /** Records skipped because they were already on the chain (a flush that crashed before removing its file, or a concurrent flush). */
  readonly alreadyCommitted: number;
  /** Spool files still waiting (the first failure stops the flush, so order is kept). */
  readonly remaining: string[];
  /** Why the flush stopped early, or null when the spool is empty now. */
  readonly error: string | null;
}

/**
 * The ULIDs already on one audit chain, extended incrementally: each scan walks only the commits
 * added since the last scanned tip, so retries and later batches do not re-read the whole chain.
 */
class ChainUlids {
  readonly ulids = new Set<string>();
  private readonly scanned: Oid[] = [];

  async advance(objects: ObjectStore, tip: Oid | null): Promise<void> {
    if (tip === null || this.scanned.includes(tip)) return;
    const commits = await objects.walk(tip, this.scanned);
    const blobs = await objects.readMany(commits.map((c) => `${c.oid}:${DECISION_FILE}`));
    for (const b of blobs) this.ulids.add((JSON.parse(new TextDecoder().decode(b.body)) as AuditRecord).ulid);
    this.scanned.push(tip);
  }
}

/**
 * Commits spooled DENY batches (`<git-dir>/gatos/audit-spool/`) to their audit refs, oldest file
 * first, each with compare-and-swap and jittered retry; a file is removed only after its records
 * are on the ref. Idempotent: records whose ULID is already on the chain are skipped, so a crash
 * between the commit and the removal (or two flushes at once) never duplicates a record — the
 * check runs against the exact parent each compare-and-swap expects. Stops at the first batch
 * that still cannot be committed and leaves it (and every later one) in the spool.
 * Must run outside any pre-receive quarantine (post-receive, or `git gatos audit flush`).
 * Throws `GATE_AUDIT_UNREADABLE` for a corrupt spool file.
 *
 * @example
 * const r = await flushSpool('/srv/git/repo.git');
 */
export async function flushSpool(gitDir: string, options: { maxAttempts?: number } = {}): Promise<SpoolFlushResult> {
  const spooled = readSpool(gitDir);
  const flushed: string[] = [];
  let written = 0;
  let alreadyCommitted = 0;
  if (spooled.length === 0) return { flushed, written, alreadyCommitted, remaining: [], error: null };
  const repo = await openRepository(gitDir);
  try {
    const chains = new Map<string, ChainUlids>();
    for (const [i, batch] of spooled.entries()) {
      const chain = chains.get(batch.auditRef) ?? new ChainUlids();
      chains.set(batch.auditRef, chain);
      try {
        const fresh = await commitMissing(repo, batch.auditRef, batch.records, chain, options.maxAttempts ?? AUDIT_MAX_ATTEMPTS);
        written += fresh;
        alreadyCommitted += batch.records.length - fresh;
        removeSpoolFile(batch.path);
      } catch (err) {
        return { flushed, written, alreadyCommitted, remaining: spooled.slice(i).map((b) => b.path), error: err instanceof Error ? err.message : String(err) };
      }
      flushed.push(batch.path);
    }
  } finally {
    await repo.close();
  }
  return { flushed, written, alreadyCommitted, remaining: [], error: null };
}

/** Appends the records of `records` not yet on `auditRef`; resolves with how many it committed. */
async function commitMissing(
  repo: { objects: ObjectStore; refs: RefStore },
  auditRef: string,
  records: readonly AuditRecord[],
  chain: ChainUlids,
  maxAttempts: number,
): Promise<number> {
  return retryWithJitter(maxAttempts, async () => {
    const parent = await repo.refs.read(auditRef);
    await chain.advance(repo.objects, parent);
    const fresh = records.filter((r) => !chain.ulids.has(r.ulid));
    if (fresh.length === 0) return 0;
    const { tip, objects } = buildAuditChain(fresh, parent);
    await repo.objects.write(objects);
    await repo.refs.compareAndSwap(auditRef, parent, tip!);
    return fresh.length;
  });
}

/** Removes a flushed spool file; a concurrent flush may have removed it first, which is fine. */
function removeSpoolFile(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
