import { spawn } from 'node:child_process';
import type { AuditBatch } from './auditRecord.js';
import { distPath } from './distPath.js';
import { spoolBatch } from './spool.js';
import type { AuditWriteResult } from './writeAuditRecord.js';

/** The variables git sets for pre-receive's object quarantine (git-receive-pack(1), QUARANTINE ENVIRONMENT). */
export const QUARANTINE_VARIABLES = ['GIT_QUARANTINE_PATH', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES'] as const;

/** `env` without the quarantine variables (and without GIT_DIR, which the writer sets itself). */
export function withoutQuarantine(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const name of [...QUARANTINE_VARIABLES, 'GIT_DIR']) delete out[name];
  return out;
}

/**
 * Writes audit batches from inside pre-receive. Objects created in the quarantine are thrown away
 * when the push is refused and git forbids ref updates there, so the records are committed by a
 * child Node process whose environment has `GIT_QUARANTINE_PATH`, `GIT_OBJECT_DIRECTORY` and
 * `GIT_ALTERNATE_OBJECT_DIRECTORIES` removed. Waits for it, so a refusal the client sees is already
 * on record. Batches the child did not report (it could not start, or died) are spooled here.
 *
 * @example
 * await spawnAuditWriter(repo.gitDir, [{ auditRef: DENY_AUDIT_REF, records }], process.env);
 */
export async function spawnAuditWriter(
  gitDir: string,
  batches: readonly AuditBatch[],
  env: NodeJS.ProcessEnv,
  options: { maxAttempts?: number } = {},
): Promise<AuditWriteResult[]> {
  const results: AuditWriteResult[] = [];
  const failure = await new Promise<string | null>((resolve) => {
    const child = spawn(process.execPath, [distPath('auditWriterMain.js')], { env: withoutQuarantine(env), stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err = (err + c.toString('utf8')).slice(-2000)));
    child.on('error', (e) => resolve(e.message));
    child.on('close', (code) => {
      for (const line of out.split('\n')) {
        if (line === '') continue;
        try {
          results.push(JSON.parse(line) as AuditWriteResult);
        } catch {
          break;
        }
      }
      resolve(code === 0 ? null : `audit writer exited with ${code}: ${err.trim().split('\n').pop() ?? ''}`);
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(JSON.stringify({ gitDir, batches, ...options }));
  });
  for (const batch of batches.slice(results.length)) {
    results.push({ written: 0, tip: null, spooled: spoolBatch(gitDir, batch, failure ?? 'audit writer gave no result') });
  }
  return results;
}
