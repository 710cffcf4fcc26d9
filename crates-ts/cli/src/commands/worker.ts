import { Flags } from '@oclif/core';
import { GatosError, isGatosError, parseActor, type Oid } from '@gatos/core';
import { parseDuration } from '@gatos/mind';
import { workPendingJobs, type JobOutcomeEntry, type WorkerHooks } from '@gatos/compute';
import { journalRef } from '@gatos/ledger';
import { runGit } from '@gatos/git';
import { GatosCommand } from '../lib/baseCommand.js';
import { jobInputSource } from '../lib/jobInputs.js';
import { resolveActor, resolveSigner, withContext } from '../lib/context.js';
import { fetchGatosRefs } from '../sync/fetchGatosRefs.js';

/** Fetched refs are staged here, outside `refs/gatos/`, before the fast-forward-only merge. */
const STAGING = 'refs/gatos-worker/incoming/';
/** Idle polling starts here and backs off (doubling, jittered) to MAX_POLL_MS while nothing is pending. */
const POLL_MS = 1000;
const MAX_POLL_MS = 15_000;
/** A remote claim is looked up at most this often while its job runs. */
const REMOTE_WATCH_MS = 3000;

interface WorkerReport {
  readonly consumer: string;
  readonly rounds: number;
  readonly ran: Array<{ jobId: string; status: string; commit: Oid }>;
  readonly skipped: Array<{ jobId: string; reason: string }>;
  readonly errors: Array<{ jobId: string; code: string; message: string }>;
}

export default class Worker extends GatosCommand {
  static override summary = 'Run the jobs announced on gatos.jobs.pending: claim, run, record, acknowledge.';
  static override description = 'Reads the messages on gatos.jobs.pending that the consumer has not acknowledged and, for each job, claims it, runs it and records its signed result, then acknowledges the message. A job claimed by another worker or already finished is acknowledged and skipped quietly. With --remote, refs/gatos/* is fetched first (fast-forward only) and claims are decided by the remote: the claim ref is pushed, and a refused push means another worker won. --once handles what is pending and exits; otherwise the worker polls every second until SIGINT or SIGTERM. Exit 1 when a job could not be handled with --once.';
  static override examples = [
    '<%= config.bin %> worker --once',
    '<%= config.bin %> worker --remote origin --concurrency 2',
    '<%= config.bin %> worker --remote https://git.example.org/ops.git --once --consumer build-farm --json',
  ];
  static override flags = {
    remote: Flags.string({ summary: 'Remote name or URL whose refs decide claims (fetched before each round; claims, results and acks are pushed).' }),
    once: Flags.boolean({ summary: 'Handle the jobs pending now, then exit.', default: false }),
    concurrency: Flags.integer({ summary: 'Jobs run at once.', default: 1, min: 1, max: 64 }),
    consumer: Flags.string({ summary: 'Bus consumer name (default: worker-<kind>-<name> of the actor).' }),
    actor: Flags.string({ summary: 'Worker identity (default: git config gatos.actor).' }),
    verbose: Flags.boolean({ summary: 'Print one stderr line for each job skipped because it was claimed or finished elsewhere.', default: false }),
    'lease-grace': Flags.string({ summary: 'How long a claim’s lease outlasts the job’s timeout (e.g. 2m); after it, a manager may expire the claim.', default: '120s' }),
  };

  async run(): Promise<WorkerReport> {
    const { flags } = await this.parse(Worker);
    return withContext(flags, async (ctx) => {
      const dir = ctx.repo.workTree ?? ctx.repo.gitDir;
      const actor = parseActor(await resolveActor(dir, flags.actor));
      const signer = await resolveSigner(ctx, flags.actor);
      const consumer = flags.consumer ?? `worker-${actor.kind}-${actor.name}`;
      const report: WorkerReport = { consumer, rounds: 0, ran: [], skipped: [], errors: [] };
      const reported = new Set<string>();
      const onSettled = (o: JobOutcomeEntry): void => {
        if (o.kind === 'ran') {
          report.ran.push({ jobId: o.jobId, status: o.run.result.status, commit: o.run.commit });
          this.log(`ran ${o.jobId} ${o.run.result.status} ${o.run.commit}`);
        } else if (o.kind === 'skipped') {
          report.skipped.push({ jobId: o.jobId, reason: o.reason });
          if (flags.verbose) process.stderr.write(`skipped ${o.jobId} (${SKIPPED[o.reason]})\n`);
        } else {
          report.errors.push({ jobId: o.jobId, code: o.error.code, message: o.error.message });
          if (!reported.has(o.jobId)) process.stderr.write(`error: job ${o.jobId}: ${o.error.message} [${o.error.code}]\n`);
          reported.add(o.jobId);
        }
      };
      const leaseGraceSeconds = leaseGrace(flags['lease-grace']);
      const inputSource = await jobInputSource(ctx);
      const hooks: WorkerHooks = flags.remote === undefined ? {} : remoteHooks(dir, flags.remote, journalRef('jobs', signer.actor));
      const round = async (): Promise<number> => {
        if (flags.remote !== undefined) await fetchGatosRefs(ctx.repo, flags.remote, STAGING, 'WORKER_FETCH_FAILED');
        const r = await workPendingJobs(ctx.repo, signer, { clock: ctx.clock, consumer, concurrency: flags.concurrency, hooks, onSettled, leaseGraceSeconds, inputSource });
        if (flags.remote !== undefined && r.ack?.changed && r.ack.commit !== null) await push(dir, flags.remote, [[r.ack.commit, r.ack.ref]]);
        (report as { rounds: number }).rounds += 1;
        return r.outcomes.length;
      };
      if (flags.once) {
        await round();
        if (report.errors.length > 0) this.failCheck();
        return report;
      }
      await pollUntilSignalled(round, (err) => process.stderr.write(`error: ${err.message} [${err.code}]\n`));
      return report;
    });
  }
}

const SKIPPED = { claimed: 'claimed by another worker', finished: 'already finished', aborted: 'cancelled' } as const;

function leaseGrace(text: string): number {
  const ms = parseDuration(text);
  if (ms < 1000) throw new GatosError('WORKER_BAD_LEASE', `--lease-grace must be at least 1s, not ${JSON.stringify(text)}`, { exitClass: 'usage' });
  return Math.floor(ms / 1000);
}

/**
 * Runs `round` until SIGINT/SIGTERM; a failed round is reported and retried. While rounds find
 * nothing (or fail), the pause doubles up to MAX_POLL_MS, with ±50% jitter so many workers polling
 * one remote do not fetch in lockstep; a round that handled jobs resets it.
 */
async function pollUntilSignalled(round: () => Promise<number>, report: (err: GatosError) => void): Promise<void> {
  let stop = false;
  let wake: () => void = () => {};
  const onSignal = (): void => {
    stop = true;
    wake();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let pause = POLL_MS;
  try {
    while (!stop) {
      const handled = await round().catch((err: unknown) => {
        report(err instanceof GatosError ? err : new GatosError('WORKER_ROUND_FAILED', String(err), { exitClass: 'check' }));
        return 0;
      });
      pause = handled > 0 ? POLL_MS : Math.min(MAX_POLL_MS, pause * 2);
      const delay = Math.round(pause * (0.5 + Math.random()));
      if (!stop) await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        wake = () => { clearTimeout(timer); resolve(); };
      });
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Claims are pushed (the remote's ref lock and gate pick one winner); results are pushed after the run. */
function remoteHooks(dir: string, remote: string, journal: string): WorkerHooks {
  const seen = new Map<string, { at: number; held: boolean }>();
  return {
    confirmClaim: async ({ ref, commit }) => {
      const pushed = await runGit(dir, ['push', '--quiet', remote, `${commit}:${ref}`]).then(() => true, () => false);
      if (pushed) return true;
      const theirs = (await runGit(dir, ['ls-remote', remote, ref]).catch((err: unknown) => {
        throw remoteError('WORKER_PUSH_FAILED', `could not push ${ref} to ${remote}`, remote, err);
      })).split('\t')[0]!.trim();
      if (theirs === commit) return true;
      if (theirs === '') throw new GatosError('WORKER_PUSH_FAILED', `push of ${ref} to ${remote} failed and the remote has no claim`, { data: { remote, ref }, exitClass: 'check' });
      // Another worker won: drop the local claim so the winner's fast-forwards in on the next fetch.
      await runGit(dir, ['update-ref', '-d', ref, commit]);
      return false;
    },
    // A cancel or lease expiry lands on the remote: look at the remote claim ref now and then.
    claimHeld: async ({ ref, commit }) => {
      const last = seen.get(ref);
      if (last !== undefined && Date.now() - last.at < REMOTE_WATCH_MS) return last.held;
      const theirs = (await runGit(dir, ['ls-remote', remote, ref])).split('\t')[0]!.trim();
      seen.set(ref, { at: Date.now(), held: theirs === commit });
      return theirs === commit;
    },
    // The result and the worker's lifecycle journal go together: the gate sees both or neither.
    recorded: async (run) => {
      seen.delete(jobRefOf(run.ref));
      const tip = (await runGit(dir, ['rev-parse', '--verify', '--quiet', journal]).catch(() => '')).trim();
      await push(dir, remote, tip === '' ? [[run.commit, run.ref]] : [[run.commit, run.ref], [tip, journal]]);
    },
  };
}

/** The claim ref beside a result ref. */
function jobRefOf(resultRef: string): string {
  return resultRef.replace(/\/result$/, '/claim');
}

async function push(dir: string, remote: string, updates: ReadonlyArray<readonly [Oid, string]>): Promise<void> {
  const refs = updates.map(([commit, ref]) => `${commit}:${ref}`).join(', ');
  await runGit(dir, ['push', '--quiet', '--atomic', remote, ...updates.map(([commit, ref]) => `${commit}:${ref}`)]).catch((err: unknown) => {
    throw remoteError('WORKER_PUSH_FAILED', `could not push ${refs} to ${remote}`, remote, err);
  });
}

function remoteError(code: string, what: string, remote: string, err: unknown): GatosError {
  const detail = isGatosError(err) ? String(err.data.stderr ?? err.message).trim().split('\n').slice(-1)[0] : String(err);
  return new GatosError(code, `${what}: ${detail}`, { data: { remote }, exitClass: 'check' });
}
