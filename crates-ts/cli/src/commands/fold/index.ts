import { Flags } from '@oclif/core';
import { addPofSignature, foldCheckpoint, loadCheckpoint, pofDigest, signPof, type FoldResult } from '@gatos/echo';
import { GatosCommand } from '../../lib/baseCommand.js';
import { resolveSigner, withContext } from '../../lib/context.js';
import { foldFor } from '../../lib/foldFor.js';

export default class Fold extends GatosCommand {
  static override summary = 'Fold a namespace’s journals into a state checkpoint with Proof-of-Fold.';
  static override description = 'Runs the fold declared in gatos/folds/*.yaml (or, for namespace jobs, the built-in job lifecycle fold) that reads NS in the deterministic QuickJS sandbox, resuming from the latest checkpoint, and writes a checkpoint commit on refs/gatos/state/<ns> (fast-forward only). The folding actor signs the Proof-of-Fold (a detached signature in refs/notes/gatos/pof) unless --no-sign. Cheap to re-run: nothing is written when nothing changed.';
  static override examples = ['<%= config.bin %> fold --ns finance', '<%= config.bin %> fold --ns finance --fold balances --json'];
  static override flags = {
    ns: Flags.string({ summary: 'Namespace to fold.', required: true }),
    fold: Flags.string({ summary: 'Fold name, when several folds read the namespace.' }),
    sign: Flags.boolean({ summary: 'Sign the Proof-of-Fold as the current actor.', default: true, allowNo: true }),
    actor: Flags.string({ summary: 'Folding actor (default: git config gatos.actor).' }),
  };

  async run(): Promise<FoldResult & { fold: string; signed: boolean }> {
    const { flags } = await this.parse(Fold);
    return withContext(flags, async (ctx) => {
      const fold = foldFor(ctx.repo, flags.ns, flags.fold);
      const signer = flags.sign ? await resolveSigner(ctx, flags.actor) : null;
      const result = await foldCheckpoint(ctx.repo, fold);
      if (signer) {
        const cp = await loadCheckpoint(ctx.repo.objects, result.commit);
        await addPofSignature(ctx.repo, result.commit, signPof(signer, result.commit, pofDigest(cp.pofBytes)), cp.time);
      }
      this.log(result.changed ? `checkpoint ${result.commit} on ${result.ref}` : `${result.ref} is up to date (${result.commit})`);
      this.log(`  State-Root: ${result.stateRoot}\n  events: ${result.events} (${result.folded} folded now${result.rewound ? ', refolded after late events' : ''})${signer ? `\n  signed by: ${signer.actor}` : ''}`);
      return { ...result, fold: fold.spec.name, signed: signer !== null };
    });
  }
}
