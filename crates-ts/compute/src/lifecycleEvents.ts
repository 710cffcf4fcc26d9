/**
 * The lifecycle events the job plane journals in namespace `jobs` (folded by lifecycleFold.ts).
 * Each is appended by the actor who acted, right after the ref move it describes succeeded, so the
 * fold never shows a transition the refs did not make (a crash in between leaves the fold one step
 * behind the refs; `job status` shows both).
 */
import { isGatosError, type CborValue, type Clock, type ObjectStore, type RefStore, type Signer } from '@gatos/core';
import { appendEvents, type AppendedEvent } from '@gatos/ledger';
import { JOBS_NS } from './lifecycleFold.js';

export type LifecycleEvent =
  | { readonly type: 'jobs.enqueue'; readonly payload: { job_id: string; commit: string; managers: string[] }; readonly ulid?: string }
  | { readonly type: 'jobs.claim'; readonly payload: { job_id: string; attempt: number; claim: string; claim_ulid: string; lease_seconds: number } }
  | { readonly type: 'jobs.start'; readonly payload: { job_id: string; attempt: number } }
  | { readonly type: 'jobs.result'; readonly payload: { job_id: string; attempt: number; status: string; result: string; poe: string } }
  | { readonly type: 'jobs.lease-expired'; readonly payload: { job_id: string; attempt: number; expiry: string } }
  | { readonly type: 'jobs.abort'; readonly payload: { job_id: string; abort: string; reason: string } };

/**
 * Appends one lifecycle event to the signer's `jobs` journal. An explicit ULID that is no longer after
 * the journal's tip (the event was lost in a crash and other events followed) falls back to a fresh one:
 * the fold ignores a repeated transition.
 */
export async function recordLifecycle(store: { objects: ObjectStore; refs: RefStore }, signer: Signer, event: LifecycleEvent, options: { clock: Clock }): Promise<AppendedEvent> {
  const input = { type: event.type, payload: event.payload as unknown as { [key: string]: CborValue } };
  const ulid = 'ulid' in event ? event.ulid : undefined;
  try {
    const [appended] = await appendEvents(store, JOBS_NS, signer, [ulid === undefined ? input : { ...input, ulid }], options);
    return appended!;
  } catch (err) {
    if (ulid === undefined || !isGatosError(err, 'LEDGER_ULID_NOT_INCREASING')) throw err;
    const [appended] = await appendEvents(store, JOBS_NS, signer, [input], options);
    return appended!;
  }
}
