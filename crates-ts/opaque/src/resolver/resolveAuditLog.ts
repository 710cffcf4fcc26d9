import { retryWithJitter, type ObjectStore, type Oid, type RefStore } from '@gatos/core';
import { buildResolveAuditChain } from './resolveAuditCommit.js';
import { RESOLVE_AUDIT_REF, type ResolveAuditRecord } from './resolveAuditRecord.js';

/** Compare-and-swap attempts per batch (≈25→500 ms jittered backoff between them). */
export const RESOLVE_AUDIT_MAX_ATTEMPTS = 12;
/** Most records one commit batch carries; more wait for the next. */
const MAX_BATCH = 256;

interface Pending {
  readonly record: ResolveAuditRecord;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Appends resolver decisions to `refs/gatos/audit/resolve` with group commit: records that arrive
 * while a batch is being written go into the next batch, and each `append` resolves only once its
 * record is on the ref (objects written, compare-and-swap done, retried on a lost race). The server
 * answers a request only after that, so no response is ever sent whose record could be lost in a crash.
 */
export class ResolveAuditLog {
  private queue: Pending[] = [];
  private writing: Promise<void> | null = null;
  private appended = 0;

  constructor(
    private readonly store: { objects: ObjectStore; refs: RefStore },
    private readonly options: { maxAttempts?: number; ref?: string } = {},
  ) {}

  /** Resolves when `record` is on the audit ref; rejects when it could not be written. */
  append(record: ResolveAuditRecord): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
      this.writing ??= this.drain();
    });
  }

  /** Resolves when every record appended so far is written (or has failed). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** Records written since this log was created. */
  get written(): number {
    return this.appended;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          await this.write(batch.map((p) => p.record));
          this.appended += batch.length;
          batch.forEach((p) => p.resolve());
        } catch (err) {
          batch.forEach((p) => p.reject(err));
        }
      }
    } finally {
      this.writing = null;
    }
  }

  private write(records: readonly ResolveAuditRecord[]): Promise<Oid | null> {
    const ref = this.options.ref ?? RESOLVE_AUDIT_REF;
    return retryWithJitter(this.options.maxAttempts ?? RESOLVE_AUDIT_MAX_ATTEMPTS, async () => {
      const parent = await this.store.refs.read(ref);
      const { tip, objects } = buildResolveAuditChain(records, parent);
      await this.store.objects.write(objects);
      await this.store.refs.compareAndSwap(ref, parent, tip!);
      return tip;
    });
  }
}
