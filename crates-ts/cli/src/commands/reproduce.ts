import { Args } from '@oclif/core';
import { reproducePox, type Reproduction } from '@gatos/proofs';
import { GatosCommand } from '../lib/baseCommand.js';
import { jobInputSource } from '../lib/jobInputs.js';
import { withContext } from '../lib/context.js';

export default class Reproduce extends GatosCommand {
  static override summary = 'Re-run an experiment from its Proof-of-Experiment and report identical or where it diverged.';
  static override description = 'Verifies the PoX, then re-runs every linked job in a fresh temp directory (inputs fetched from the blob store, the same manifest, nothing written to the repository) and compares each output\'s content id with the recorded one, and refolds every linked checkpoint from genesis to compare its State-Root. Prints `identical`, or each divergence: the job and output path with recorded and reproduced digests, or the checkpoint and failed check. Progress goes to stderr. Exit 0 identical, 1 diverged (or the PoX does not verify), 2 for an unknown id.';
  static override examples = ['<%= config.bin %> reproduce 01JD3Q8Z5E0000000000000000', '<%= config.bin %> reproduce 01JD3Q8Z5E0000000000000000 --json'];
  static override args = { pox: Args.string({ description: 'PoX id (its ULID) or refs/gatos/audit/proofs/experiments/<ulid>', required: true }) };

  async run(): Promise<Reproduction> {
    const { args, flags } = await this.parse(Reproduce);
    return withContext(flags, async (ctx) => {
      const r = await reproducePox(ctx.repo, args.pox, {
        inputSource: await jobInputSource(ctx),
        onProgress: (line) => process.stderr.write(`${line}\n`),
      });
      if (r.outcome === 'unverified') {
        for (const c of r.verify.checks.filter((x) => !x.ok)) this.log(`FAIL ${c.name}: ${c.detail}`);
        this.log(`not reproduced: PoX ${r.ulid} does not verify`);
      } else {
        for (const d of r.divergences) {
          if (d.step === 'job') this.log(`DIVERGED job ${d.job_id} output ${d.path}\n     recorded   ${d.recorded}\n     reproduced ${d.reproduced}`);
          else if (d.step === 'job-run') this.log(`DIVERGED job ${d.job_id}: ${d.detail}`);
          else this.log(`DIVERGED fold ${d.ns} checkpoint ${d.checkpoint} ${d.check}: ${d.detail}\n     recorded   ${d.recorded}\n     reproduced ${d.reproduced}`);
        }
        this.log(r.outcome === 'identical'
          ? `identical: ${r.jobs.length} job(s), ${r.jobs.reduce((n, j) => n + j.outputs.length, 0)} output(s), ${r.folds.length} fold(s) reproduced ${r.ulid}`
          : `diverged: ${r.divergences.length} difference(s) reproducing ${r.ulid}`);
      }
      if (r.outcome !== 'identical') this.failCheck();
      return r;
    });
  }
}
