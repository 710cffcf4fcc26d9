import { Args } from '@oclif/core';
import { verifyPox, type PoxVerdict } from '@gatos/proofs';
import { GatosCommand } from '../../lib/baseCommand.js';
import { withContext } from '../../lib/context.js';

export default class PoxVerify extends GatosCommand {
  static override summary = 'Verify a Proof-of-Experiment and every proof it links, without re-running anything.';
  static override description = 'Strictly decodes pox.cbor and checks its Proof-Of-Experiment digest, its signature, that the signer is a trusted key of the active policy, the policy root and code root, that program_id, inputs_root and outputs_root recompute, that the inputs are exactly the jobs\' manifest inputs, that every linked PoE verifies (as `job verify`) and every linked PoF names an existing checkpoint whose pof.cbor has that digest. Exit 0 when every check passes, 1 otherwise (each failed check is named), 2 for an unknown id.';
  static override examples = ['<%= config.bin %> pox verify 01JD3Q8Z5E0000000000000000', '<%= config.bin %> pox verify refs/gatos/audit/proofs/experiments/01JD3Q8Z5E0000000000000000 --json'];
  static override args = { pox: Args.string({ description: 'PoX id (its ULID) or refs/gatos/audit/proofs/experiments/<ulid>', required: true }) };

  async run(): Promise<PoxVerdict> {
    const { args, flags } = await this.parse(PoxVerify);
    return withContext(flags, async (ctx) => {
      const verdict = await verifyPox(ctx.repo, args.pox);
      for (const c of verdict.checks) {
        this.log(c.ok ? `ok   ${c.name}` : `FAIL ${c.name}: ${c.detail}${c.expected !== undefined ? `\n     expected ${c.expected}\n     actual   ${c.actual}` : ''}`);
      }
      this.log(verdict.ok ? `verified ${verdict.ulid} (${verdict.digest})` : `PoX ${verdict.ulid} does not verify`);
      if (!verdict.ok) this.failCheck();
      return verdict;
    });
  }
}
