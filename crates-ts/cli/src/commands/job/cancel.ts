import { Args, Flags } from '@oclif/core';
import { abortJob } from '@gatos/compute';
import { GatosCommand } from '../../lib/baseCommand.js';
import { resolveSigner, withContext } from '../../lib/context.js';

interface CancelOutput {
  jobId: string;
  abort: string;
  /** What the claim chain held before: none (pending), claim (claimed or running) or lease-expired. */
  was: string;
}

export default class JobCancel extends GatosCommand {
  static override summary = 'Cancel a job (jobs.abort): nobody may claim it any more, and a worker running it stops.';
  static override description = 'Writes a signed jobs.abort record at the tip of refs/gatos/jobs/<hex>/claim and journals a jobs.abort lifecycle event. Only the job’s submitter or a member of @jobs-admins in the active trust graph may cancel. A worker running the job sees its claim move, kills the process group and records no result. A finished job cannot be cancelled (exit 1). Push the change to a shared remote with `git gatos sync`.';
  static override examples = [
    '<%= config.bin %> job cancel blake3:237e59ea9d081f0a2babb34f8c7842ebc6f98add9d414723fd2837a66e55cffd',
    '<%= config.bin %> job cancel 237e59ea9d081f0a2babb34f8c7842ebc6f98add9d414723fd2837a66e55cffd --reason "wrong input" --json',
  ];
  static override args = { job: Args.string({ description: 'job id (blake3:<hex> or <hex>)', required: true }) };
  static override flags = {
    reason: Flags.string({ summary: 'Why the job is cancelled (recorded in the signed record).', default: 'cancelled' }),
    actor: Flags.string({ summary: 'Acting identity (default: git config gatos.actor).' }),
  };

  async run(): Promise<CancelOutput> {
    const { args, flags } = await this.parse(JobCancel);
    return withContext(flags, async (ctx) => {
      const signer = await resolveSigner(ctx, flags.actor);
      const { commit, previous, job } = await abortJob(ctx.repo, args.job, signer, { clock: ctx.clock, reason: flags.reason });
      this.log(`cancelled ${job.jobId} (${commit})`);
      return { jobId: job.jobId, abort: commit, was: previous?.kind ?? 'none' };
    });
  }
}
