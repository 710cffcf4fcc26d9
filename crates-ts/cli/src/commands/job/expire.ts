import { Args, Flags } from '@oclif/core';
import { expireLease } from '@gatos/compute';
import { GatosCommand } from '../../lib/baseCommand.js';
import { resolveSigner, withContext } from '../../lib/context.js';

interface ExpireOutput {
  jobId: string;
  expiry: string;
  attempt: number;
  worker: string;
}

export default class JobExpire extends GatosCommand {
  static override summary = 'Expire the lease of a stale claim so the job can be retried.';
  static override description = 'A worker that dies after claiming leaves its claim in place; `git gatos job status` marks it stale once its lease (the job’s timeout plus the worker’s grace, 120 s by default) has passed. This writes a signed jobs.lease-expired record on the claim, journals a jobs.lease-expired event and announces the job again on gatos.jobs.pending, so the next worker claims attempt n+1. Refused (exit 1) before the lease ends, when the job already has a result, or when the caller is neither the submitter nor a member of @jobs-admins. A late result from the expired worker is refused, so a job never has two owners.';
  static override examples = [
    '<%= config.bin %> job expire blake3:237e59ea9d081f0a2babb34f8c7842ebc6f98add9d414723fd2837a66e55cffd',
    '<%= config.bin %> job expire 237e59ea9d081f0a2babb34f8c7842ebc6f98add9d414723fd2837a66e55cffd --reason "worker host lost" --json',
  ];
  static override args = { job: Args.string({ description: 'job id (blake3:<hex> or <hex>)', required: true }) };
  static override flags = {
    reason: Flags.string({ summary: 'Why the lease is expired (recorded in the signed record).', default: 'lease expired' }),
    actor: Flags.string({ summary: 'Acting identity (default: git config gatos.actor).' }),
  };

  async run(): Promise<ExpireOutput> {
    const { args, flags } = await this.parse(JobExpire);
    return withContext(flags, async (ctx) => {
      const signer = await resolveSigner(ctx, flags.actor);
      const { commit, claim, job } = await expireLease(ctx.repo, args.job, signer, { clock: ctx.clock, reason: flags.reason });
      this.log(`expired attempt ${claim.attempt} of ${job.jobId} (worker ${claim.workerId}); the job is pending again (${commit})`);
      return { jobId: job.jobId, expiry: commit, attempt: claim.attempt, worker: claim.workerId };
    });
  }
}
