import { Args, Flags } from '@oclif/core';
import { runJob, type JobRun } from '@gatos/compute';
import { GatosCommand } from '../../lib/baseCommand.js';
import { jobInputSource } from '../../lib/jobInputs.js';
import { resolveSigner, withContext } from '../../lib/context.js';

export default class JobRunCommand extends GatosCommand {
  static override summary = 'Claim and run one job, recording its result and Proof-of-Execution.';
  static override description = 'Claims refs/gatos/jobs/<hex>/claim (create-only: exactly one worker wins), runs the command without a shell in a fresh temp directory with only the manifest\'s variables and a fixed PATH, enforces the timeout, stores stdout/stderr (1 MiB each) and the declared outputs, and writes the signed result at refs/gatos/jobs/<hex>/result. Exit 0 when the job succeeded, 1 when it failed or was claimed by another worker.';
  static override examples = ['<%= config.bin %> job run blake3:237e59ea9d081f0a2babb34f8c7842ebc6f98add9d414723fd2837a66e55cffd', '<%= config.bin %> job run 237e59ea9d081f0a2babb34f8c7842ebc6f98add9d414723fd2837a66e55cffd --json'];
  static override args = {
    job: Args.string({ description: 'job id (blake3:<hex> or <hex>)', required: true }),
  };
  static override flags = {
    actor: Flags.string({ summary: 'Worker identity (default: git config gatos.actor).' }),
  };

  async run(): Promise<JobRun> {
    const { args, flags } = await this.parse(JobRunCommand);
    return withContext(flags, async (ctx) => {
      const run = await runJob(ctx.repo, args.job, await resolveSigner(ctx, flags.actor), { clock: ctx.clock, inputSource: await jobInputSource(ctx) });
      const r = run.result;
      const how = r.timed_out ? 'timed out' : r.spawn_error !== null ? `could not start (${r.spawn_error})` : r.signal !== null ? `killed by ${r.signal}` : `exit ${r.exit_code}`;
      this.log(`${r.status} (${how}) ${run.commit}`);
      for (const o of r.outputs) this.log('error' in o ? `  ${o.path}: refused (${o.error})` : `  ${o.path} ${o.content_id} ${o.size} bytes`);
      if (r.status !== 'succeeded') this.failCheck();
      return run;
    });
  }
}
