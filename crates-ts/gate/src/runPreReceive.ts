import { initHashes, isGatosError } from '@gatos/core';
import { openRepository } from '@gatos/git';
import { DENY_AUDIT_REF } from './auditRecord.js';
import { denyRecords } from './denyAudit.js';
import { evaluatePush } from './evaluatePush.js';
import { formatDenyLines } from './formatDenyLines.js';
import type { HookIo } from './hookIo.js';
import { pusherFromEnv } from './pusherFromEnv.js';
import { readGateConfig } from './readGateConfig.js';
import { gatosUpdates, readPushUpdates } from './readPushUpdates.js';
import { safeText } from './safeText.js';
import { spawnAuditWriter } from './spawnAuditWriter.js';

/**
 * The pre-receive hook: evaluates the push (git-CLI adapter, which reads the quarantined objects),
 * prints one `GATOS DENY` line per violation, commits the DENY records from a child process outside
 * the quarantine, and resolves with the exit status (0 accept, 1 refuse). Any unexpected failure
 * refuses the push (fail closed) with a `GATOS ERROR` line.
 */
export async function runPreReceive(input: string, io: HookIo): Promise<number> {
  try {
    const updates = gatosUpdates(readPushUpdates(input));
    if (updates.length === 0) return 0;
    await initHashes();
    const repo = await openRepository(io.gitDir);
    try {
      const limits = await readGateConfig(repo.gitDir);
      const evaluation = await evaluatePush(repo, updates, { clock: io.clock, limits });
      if (evaluation.violations.length === 0) {
        if (evaluation.genesis !== null) io.print(`GATOS: trust on first use: accepting genesis policy ${evaluation.genesis}`);
        return 0;
      }
      for (const line of formatDenyLines(evaluation.violations, evaluation.omitted, io.target)) io.print(line);
      const records = denyRecords(evaluation.violations, updates, {
        clock: io.clock, pusher: pusherFromEnv(io.env), policyRoot: evaluation.policyRoot, policyCodeRoot: evaluation.policyCodeRoot,
      });
      const [result] = await spawnAuditWriter(repo.gitDir, [{ auditRef: DENY_AUDIT_REF, records }], io.env);
      io.print(result?.spooled
        ? `GATOS: push refused; ${records.length} DENY records spooled to ${result.spooled} (the audit ref was busy)`
        : `GATOS: push refused; ${records.length} DENY records on ${DENY_AUDIT_REF}`);
      return 1;
    } finally {
      await repo.close();
    }
  } catch (err) {
    const code = isGatosError(err) ? err.code : 'INTERNAL';
    io.print(`GATOS ERROR ${code}: ${safeText(err instanceof Error ? err.message : String(err))} (push refused; the gate fails closed)`);
    return 1;
  }
}
