/**
 * Entry point of the audit writer process (spawned by `spawnAuditWriter`, never by users).
 * stdin: JSON `{ gitDir, batches: AuditBatch[], maxAttempts? }`; stdout: one JSON `AuditWriteResult`
 * line per batch, in order, each written as soon as that batch is committed or spooled.
 * It runs with the pre-receive quarantine variables removed from its environment, so its objects
 * land in the real object store and `git update-ref` is allowed.
 */
import { text } from 'node:stream/consumers';
import type { AuditBatch } from './auditRecord.js';
import { writeAuditRecords } from './writeAuditRecord.js';

const input = JSON.parse(await text(process.stdin)) as { gitDir: string; batches: AuditBatch[]; maxAttempts?: number };
for (const batch of input.batches) {
  const result = await writeAuditRecords(input.gitDir, batch, input.maxAttempts === undefined ? {} : { maxAttempts: input.maxAttempts });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
