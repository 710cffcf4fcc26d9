/**
 * The built-in fold of the job lifecycle (SPEC-DIGEST §7, issue #5): namespace `jobs`, state
 * `refs/gatos/state/jobs`. It is an ordinary fold — same sandbox, same checkpoint and Proof-of-Fold,
 * verified with `git gatos fold verify jobs` — whose source ships with gatos instead of living in
 * `gatos/folds/`. Transitions (anything else is counted in `rejected` and changes nothing):
 *
 *   jobs.enqueue                         → pending        (first one wins; records submitter, managers)
 *   jobs.claim   pending, a later attempt → claimed       (the claiming actor becomes the worker)
 *   jobs.start   claimed, by the worker  → running
 *   jobs.result  claimed|running, worker → succeeded | failed
 *   jobs.lease-expired claimed|running, by a manager, at or after the lease deadline → pending (retry)
 *   jobs.abort   pending|claimed|running, by a manager → aborted
 *
 * A claim event may arrive before the enqueue event of its job (another actor's clock ran behind); the
 * job is then created by the claim and the enqueue fills in the submitter later.
 */
import { compileFold, type CompiledFold, type FoldSpec } from '@gatos/echo';

/** The namespace the job plane journals its lifecycle events in. */
export const JOBS_NS = 'jobs';

const SPEC: FoldSpec = { name: 'jobs', inputs: [JOBS_NS], entry: 'jobs.js', version: 1, builtin: true };

export const JOBS_FOLD_SOURCE = `// Built-in gatos fold: the job lifecycle (pending -> claimed -> running -> succeeded | failed | aborted).
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function ulidMs(ulid) {
  let ms = 0;
  for (let i = 0; i < 10; i++) ms = ms * 32 + ALPHABET.indexOf(ulid[i]);
  return ms;
}

export function init() {
  return { jobs: {}, counts: { pending: 0, claimed: 0, running: 0, succeeded: 0, failed: 0, aborted: 0 }, rejected: 0 };
}

function fresh(id) {
  return { job_id: id, status: 'pending', submitted_by: null, managers: [], attempt: 0, worker: null, claim: null, deadline_ms: null,
    result: null, poe: null, expired: 0, aborted_by: null, reason: null, updated: null };
}

function move(state, job, status) {
  state.counts[job.status] -= 1;
  job.status = status;
  state.counts[status] += 1;
}

function isManager(job, actor) {
  return job.managers.indexOf(actor) >= 0;
}

export function step(state, event) {
  const p = event.payload;
  if (p === null || typeof p !== 'object' || typeof p.job_id !== 'string') {
    state.rejected += 1;
    return state;
  }
  let job = state.jobs[p.job_id];
  const create = () => {
    job = fresh(p.job_id);
    state.jobs[p.job_id] = job;
    state.counts.pending += 1;
  };
  let ok = false;
  if (event.type === 'jobs.enqueue') {
    if (job === undefined) create();
    if (job.submitted_by === null) {
      job.submitted_by = event.actor;
      const managers = [event.actor];
      if (Array.isArray(p.managers)) for (const m of p.managers) if (typeof m === 'string' && managers.indexOf(m) < 0) managers.push(m);
      job.managers = managers.sort();
      ok = true;
    }
  } else if (event.type === 'jobs.claim') {
    if (job === undefined) create();
    if (job.status === 'pending' && Number.isSafeInteger(p.attempt) && p.attempt > job.attempt && typeof p.claim === 'string' && typeof p.claim_ulid === 'string' &&
        Number.isSafeInteger(p.lease_seconds) && p.lease_seconds > 0) {
      move(state, job, 'claimed');
      job.attempt = p.attempt;
      job.worker = event.actor;
      job.claim = p.claim;
      job.deadline_ms = ulidMs(p.claim_ulid) + p.lease_seconds * 1000;
      ok = true;
    }
  } else if (job !== undefined && event.type === 'jobs.start') {
    if (job.status === 'claimed' && event.actor === job.worker && p.attempt === job.attempt) {
      move(state, job, 'running');
      ok = true;
    }
  } else if (job !== undefined && event.type === 'jobs.result') {
    if ((job.status === 'claimed' || job.status === 'running') && event.actor === job.worker && p.attempt === job.attempt &&
        (p.status === 'succeeded' || p.status === 'failed') && typeof p.result === 'string') {
      move(state, job, p.status);
      job.result = p.result;
      job.poe = typeof p.poe === 'string' ? p.poe : null;
      ok = true;
    }
  } else if (job !== undefined && event.type === 'jobs.lease-expired') {
    if ((job.status === 'claimed' || job.status === 'running') && p.attempt === job.attempt && isManager(job, event.actor) &&
        ulidMs(event.ulid) >= job.deadline_ms) {
      move(state, job, 'pending');
      job.worker = null;
      job.claim = null;
      job.deadline_ms = null;
      job.expired += 1;
      ok = true;
    }
  } else if (job !== undefined && event.type === 'jobs.abort') {
    if ((job.status === 'pending' || job.status === 'claimed' || job.status === 'running') && isManager(job, event.actor)) {
      move(state, job, 'aborted');
      job.aborted_by = event.actor;
      job.reason = typeof p.reason === 'string' ? p.reason : null;
      ok = true;
    }
  }
  if (ok) job.updated = event.ulid;
  else state.rejected += 1;
  return state;
}
`;

let compiled: CompiledFold | null = null;

/** The compiled built-in lifecycle fold (same bytes, same Fold-Root, on every machine). */
export function jobsFold(): CompiledFold {
  compiled ??= compileFold(SPEC, JOBS_FOLD_SOURCE, 'builtin:jobs.js');
  return compiled;
}
