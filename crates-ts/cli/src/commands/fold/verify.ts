import { Args } from '@oclif/core';
import { verifyCheckpoint, type PofReport } from '@gatos/echo';
import { GatosCommand } from '../../lib/baseCommand.js';
import { withContext } from '../../lib/context.js';
import { resolveStateCommit } from '../../lib/resolveStateCommit.js';

export default class FoldVerify extends GatosCommand {
  static override summary = 'Verify a checkpoint’s Proof-of-Fold by replaying it.';
  static override description = 'Checks trailers against pof.cbor, the fold artefact hash and engine, the policy code hash, the ledger window, folder signatures, and replays every event from genesis to compare State-Root. Exit 0 verified, 1 mismatch (each failed check with expected vs actual), 2 unverifiable (e.g. a different fold engine).';
  static override examples = ['<%= config.bin %> fold verify finance', '<%= config.bin %> fold verify refs/gatos/state/finance --json', '<%= config.bin %> fold verify 3f2a…(commit)'];
  static override args = { target: Args.string({ description: 'state name, state ref or checkpoint commit', required: true }) };

  async run(): Promise<PofReport & { ref: string | null }> {
    const { args, flags } = await this.parse(FoldVerify);
    return withContext(flags, async (ctx) => {
      const { ref, commit } = await resolveStateCommit(ctx.repo, args.target);
      const report = await verifyCheckpoint(ctx.repo, commit);
      for (const c of report.checks.filter((x) => !x.ok)) {
        this.log(`FAIL ${c.id}: ${c.detail}${c.expected !== undefined ? `\n     expected ${c.expected}\n     actual   ${c.actual}` : ''}`);
      }
      for (const s of report.signatures) this.log(`signature ${s.actor} ${s.signer}: ${s.valid ? 'valid' : 'INVALID'}, ${s.trusted ? 'trusted' : 'NOT trusted'}`);
      this.log(`${report.verdict}: checkpoint ${commit}${ref ? ` (${ref})` : ''}, ${report.checks.filter((c) => c.ok).length}/${report.checks.length} checks passed`);
      if (report.verdict === 'mismatch') process.exitCode = 1;
      if (report.verdict === 'unverifiable') process.exitCode = 2;
      return { ...report, ref };
    });
  }
}
