import { Args, Flags } from '@oclif/core';
import { activateBundle } from '@gatos/policy';
import { GatosCommand } from '../../lib/baseCommand.js';
import { withContext } from '../../lib/context.js';

interface ActivateOutput {
  bundleId: string;
  commit: string;
  previous: string | null;
  changed: boolean;
}

export default class PolicyActivate extends GatosCommand {
  static override summary = 'Make a published policy bundle the active one (fast-forward only).';
  static override description = 'Moves refs/gatos/policies/active to the bundle named by its id (blake3:<hex> or bare hex) or commit, by compare-and-swap with jittered retry. The bundle must descend from the active bundle; see `git gatos policy log` for published bundles.';
  static override examples = ['<%= config.bin %> policy activate blake3:3f1c…', '<%= config.bin %> policy activate 9a4e0c…e1 --json'];
  static override args = { bundle: Args.string({ description: 'bundle id (blake3:<hex> or <hex>) or bundle commit', required: true }) };
  static override flags = {
    attempts: Flags.integer({ summary: 'Compare-and-swap attempts when active moves underneath.', default: 5, min: 1 }),
  };

  async run(): Promise<ActivateOutput> {
    const { args, flags } = await this.parse(PolicyActivate);
    return withContext(flags, async (ctx) => {
      const r = await activateBundle(ctx.repo, args.bundle, flags.attempts);
      const changed = r.previous !== r.commit;
      this.log(changed ? `activated bundle ${r.bundleId}\n  commit:   ${r.commit}\n  previous: ${r.previous ?? '(none)'}` : `bundle ${r.bundleId} is already active (no change)`);
      return { bundleId: r.bundleId, commit: r.commit, previous: r.previous, changed };
    });
  }
}
