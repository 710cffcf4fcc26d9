import { Args, Flags } from '@oclif/core';
import { submitJob, type SubmittedJob } from '@gatos/compute';
import { GatosCommand } from '../../lib/baseCommand.js';
import { resolveSigner, withContext } from '../../lib/context.js';
import { readTextArg } from '../../lib/readInput.js';

export default class JobSubmit extends GatosCommand {
  static override summary = 'Submit a job manifest; prints the job id.';
  static override description = 'Writes the job commit (job.yaml as given + job.json canonical manifest) at refs/gatos/jobs/<hex>/job and announces it on gatos.jobs.pending. The job id is blake3 of the canonical manifest, so YAML key order and timeout spelling (30, 30s, PT30S) do not change it; submitting the same job again is a no-op.';
  static override examples = ['<%= config.bin %> job submit job.yaml', '<%= config.bin %> job submit - --json < job.yaml'];
  static override args = {
    manifest: Args.string({ description: 'manifest YAML file, or - for stdin', required: true }),
  };
  static override flags = {
    actor: Flags.string({ summary: 'Submitting identity (default: git config gatos.actor).' }),
  };

  async run(): Promise<SubmittedJob> {
    const { args, flags } = await this.parse(JobSubmit);
    const text = readTextArg(args.manifest === '-' ? '-' : `@${args.manifest}`, 'manifest');
    return withContext(flags, async (ctx) => {
      const job = await submitJob(ctx.repo, text, await resolveSigner(ctx, flags.actor), { clock: ctx.clock });
      this.log(job.jobId);
      return job;
    });
  }
}
