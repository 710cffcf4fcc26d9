import { writeFileSync } from 'node:fs';
import { Args, Flags } from '@oclif/core';
import { GatosError, type Oid } from '@gatos/core';
import { readJobAttestation, type DsseEnvelope } from '@gatos/compute';
import { GatosCommand } from '../../lib/baseCommand.js';
import { withContext } from '../../lib/context.js';

interface AttestationReport {
  readonly jobId: string;
  readonly result: Oid;
  readonly output: string | null;
  readonly envelope: DsseEnvelope;
  readonly statement: unknown;
}

export default class JobAttestation extends GatosCommand {
  static override summary = "Print a job's Proof-of-Execution as an in-toto Statement in a DSSE envelope.";
  static override description = 'Prints poe.dsse.json of the job\'s result exactly as stored: a DSSE envelope (payloadType application/vnd.in-toto+json) whose payload is an in-toto Statement v1 with a SLSA provenance v1 predicate, signed over PAE by the worker key that signed poe.json. The envelope is checked first (as job verify\'s dsse check does). Feed it to standard in-toto/DSSE tooling with the worker\'s public key (the keyid). Exit 1 when the job has no result, when its result predates the DSSE export, or when the envelope does not verify.';
  static override examples = [
    '<%= config.bin %> job attestation blake3:237e59ea9d081f0a2babb34f8c7842ebc6f98add9d414723fd2837a66e55cffd',
    '<%= config.bin %> job attestation 237e59ea9d081f0a2babb34f8c7842ebc6f98add9d414723fd2837a66e55cffd -o job.intoto.json',
    '<%= config.bin %> job attestation 237e59ea9d081f0a2babb34f8c7842ebc6f98add9d414723fd2837a66e55cffd --json',
  ];
  static override args = {
    job: Args.string({ description: 'job id (blake3:<hex> or <hex>)', required: true }),
  };
  static override flags = {
    output: Flags.string({ char: 'o', summary: 'Write the envelope bytes to this file instead of stdout.' }),
  };

  async run(): Promise<AttestationReport> {
    const { args, flags } = await this.parse(JobAttestation);
    return withContext(flags, async (ctx) => {
      const a = await readJobAttestation(ctx.repo, args.job);
      if (flags.output === undefined) {
        this.log(new TextDecoder().decode(a.bytes));
      } else {
        try {
          writeFileSync(flags.output, a.bytes);
        } catch (err) {
          throw new GatosError('OUTPUT_UNWRITABLE', `cannot write ${flags.output}: ${err instanceof Error ? err.message : String(err)}`, { data: { path: flags.output }, exitClass: 'usage', cause: err });
        }
        this.log(`wrote ${flags.output}: DSSE envelope of ${a.jobId} (${a.bytes.length} bytes)`);
      }
      return { jobId: a.jobId, result: a.result, output: flags.output ?? null, envelope: a.envelope, statement: a.statement };
    });
  }
}
