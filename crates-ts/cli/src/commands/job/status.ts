import { Args } from '@oclif/core';
import { jobStatus, type JobStatus } from '@gatos/compute';
import { GatosCommand } from '../../lib/baseCommand.js';
import { withContext } from '../../lib/context.js';

interface StatusOutput {
  jobs: JobStatus[];
}

export default class JobStatusCommand extends GatosCommand {
  static override summary = 'Show jobs as pending, claimed, succeeded or failed.';
  static override description = 'Derived from the refs under refs/gatos/jobs/: a result decides succeeded or failed, else a claim means claimed, else pending. Use `job verify` to check a result.';
  static override examples = ['<%= config.bin %> job status', '<%= config.bin %> job status blake3:237e59ea9d081f0a2babb34f8c7842ebc6f98add9d414723fd2837a66e55cffd --json'];
  static override args = {
    job: Args.string({ description: 'one job id (default: every job)' }),
  };

  async run(): Promise<StatusOutput> {
    const { args, flags } = await this.parse(JobStatusCommand);
    return withContext(flags, async (ctx) => {
      const jobs = await jobStatus(ctx.repo, args.job);
      for (const j of jobs) this.log(`${j.jobId} ${j.state}${j.workerId ? ` ${j.workerId}` : ''}`);
      return { jobs };
    });
  }
}
