import { Args } from '@oclif/core';
import { verifyJob, type JobVerdict } from '@gatos/compute';
import { GatosCommand } from '../../lib/baseCommand.js';
import { withContext } from '../../lib/context.js';

export default class JobVerify extends GatosCommand {
  static override summary = 'Verify a job result: manifest id, PoE digest and signature, claimant, ancestry, outputs.';
  static override description = 'Recomputes the job id from job.json, checks Proof-Of-Execution = blake3(poe.json), poe.sig under Worker-Id, that the worker holds the claim, that result → claim → job are parent links, and that every output blob matches its content id. Exit 0 when every check passes, 1 otherwise (the failed checks are named).';
  static override examples = ['<%= config.bin %> job verify blake3:237e59ea9d081f0a2babb34f8c7842ebc6f98add9d414723fd2837a66e55cffd', '<%= config.bin %> job verify 237e59ea9d081f0a2babb34f8c7842ebc6f98add9d414723fd2837a66e55cffd --json'];
  static override args = {
    job: Args.string({ description: 'job id (blake3:<hex> or <hex>)', required: true }),
  };

  async run(): Promise<JobVerdict> {
    const { args, flags } = await this.parse(JobVerify);
    return withContext(flags, async (ctx) => {
      const verdict = await verifyJob(ctx.repo, args.job);
      for (const c of verdict.checks) this.log(c.ok ? `ok   ${c.name}` : `FAIL ${c.name}: ${c.detail}`);
      this.log(verdict.ok ? `verified ${verdict.jobId}` : `job ${verdict.jobId} does not verify`);
      if (!verdict.ok) this.failCheck();
      return verdict;
    });
  }
}
