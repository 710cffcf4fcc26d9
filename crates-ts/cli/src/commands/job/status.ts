import { Args } from '@oclif/core';
import { jobStatus, type JobStatusReport } from '@gatos/compute';
import { GatosCommand } from '../../lib/baseCommand.js';
import { withContext } from '../../lib/context.js';

export default class JobStatusCommand extends GatosCommand {
  static override summary = 'Show each job’s lifecycle: pending, claimed, running, succeeded, failed or aborted.';
  static override description = 'The state is folded from the jobs.* lifecycle events by the built-in `jobs` fold (the same fold `git gatos fold --ns jobs` checkpoints and `git gatos fold verify jobs` replays); the refs under refs/gatos/jobs/ are shown beside it, and a job whose fold and refs disagree is marked. A claim whose lease has passed without a result is marked stale: expire it with `git gatos job expire`. Use `job verify` to check a result.';
  static override examples = ['<%= config.bin %> job status', '<%= config.bin %> job status blake3:237e59ea9d081f0a2babb34f8c7842ebc6f98add9d414723fd2837a66e55cffd --json'];
  static override args = {
    job: Args.string({ description: 'one job id (default: every job)' }),
  };

  async run(): Promise<JobStatusReport> {
    const { args, flags } = await this.parse(JobStatusCommand);
    return withContext(flags, async (ctx) => {
      const report = await jobStatus(ctx.repo, args.job, { clock: ctx.clock });
      for (const j of report.jobs) {
        const notes = [
          j.worker ? `worker ${j.worker}` : null,
          j.attempt > 1 ? `attempt ${j.attempt}` : null,
          j.stale ? `STALE: lease ended ${j.leaseDeadline}` : null,
          j.inSync ? null : `refs say ${j.refState}`,
        ].filter((n) => n !== null);
        this.log(`${j.jobId} ${j.state}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`);
      }
      return report;
    });
  }
}
