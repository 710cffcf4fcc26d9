import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { GatosError } from '@gatos/core';
import type { AuditBatch } from './auditRecord.js';
import type { GateErrorCode } from './errors.js';

/**
 * The DENY spool: when an audit batch cannot be committed (the ref stayed contended, the disk
 * refused a write), it is kept as `<git-dir>/gatos/audit-spool/<first-ulid>-<pid>-<rand>.json`
 * (the batch plus the error) so nothing is lost. `git gatos audit log` shows spooled records.
 */
export function spoolDir(gitDir: string): string {
  return join(gitDir, 'gatos', 'audit-spool');
}

/** Writes `batch` to the spool (temp file + rename, so readers never see half a file); returns its path. */
export function spoolBatch(gitDir: string, batch: AuditBatch, error: string): string {
  const dir = spoolDir(gitDir);
  mkdirSync(dir, { recursive: true });
  const name = `${batch.records[0]?.ulid ?? 'empty'}-${process.pid}-${randomBytes(4).toString('hex')}.json`;
  const path = join(dir, name);
  writeFileSync(`${path}.tmp`, `${JSON.stringify({ ...batch, error })}\n`, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
  return path;
}

/** Every spooled batch, oldest file name first. Throws `GATE_AUDIT_UNREADABLE` naming a corrupt file. */
export function readSpool(gitDir: string): Array<AuditBatch & { path: string; error: string }> {
  let names: string[];
  try {
    names = readdirSync(spoolDir(gitDir)).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return names.map((n) => {
    const path = join(spoolDir(gitDir), n);
    try {
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as AuditBatch & { error: string };
      if (!Array.isArray(parsed.records) || typeof parsed.auditRef !== 'string') throw new Error('not an audit batch');
      return { ...parsed, path };
    } catch (err) {
      throw new GatosError<GateErrorCode>('GATE_AUDIT_UNREADABLE', `spooled audit file ${path} is unreadable (${(err as Error).message}); move it aside after inspecting it`, {
        data: { path }, cause: err, exitClass: 'check',
      });
    }
  });
}
