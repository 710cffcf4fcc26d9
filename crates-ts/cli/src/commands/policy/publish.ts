import { Flags } from '@oclif/core';
import { compileBundle, publishBundle } from '@gatos/policy';
import { GatosCommand } from '../../lib/baseCommand.js';
import { resolveSigner, withContext } from '../../lib/context.js';
import { commitGatosDir, readBundleFiles, requireWorkTree } from '../../lib/workTree.js';

interface PublishOutput {
  bundleId: string;
  commit: string;
  policyCodeRoot: string;
  changed: boolean;
  activated: boolean;
  workTreeCommit: string | null;
}

export default class PolicyPublish extends GatosCommand {
  static override summary = 'Publish gatos/{policies,trust,config} as a policy bundle and activate it.';
  static override description = 'Validates the trust graph and every policy file (see `git gatos policyc`), then writes a bundle commit on refs/gatos/policies/<bundle-id> (parent: the active bundle), signed by the current actor, then moves refs/gatos/policies/active to it by compare-and-swap. Also commits gatos/ on the current branch unless --no-commit.';
  static override examples = ['<%= config.bin %> policy publish', '<%= config.bin %> policy publish --no-activate --json'];
  static override flags = {
    actor: Flags.string({ summary: 'Publishing actor (default: git config gatos.actor).' }),
    activate: Flags.boolean({ summary: 'Activate the bundle after publishing.', default: true, allowNo: true }),
    commit: Flags.boolean({ summary: 'Commit gatos/ on the current branch first.', default: true, allowNo: true }),
  };

  async run(): Promise<PublishOutput> {
    const { flags } = await this.parse(PolicyPublish);
    return withContext(flags, async (ctx) => {
      const workTree = requireWorkTree(ctx.repo);
      const signer = await resolveSigner(ctx, flags.actor);
      // Refuse invalid policy files (file:line) before committing or writing anything.
      compileBundle(readBundleFiles(workTree));
      const workTreeCommit = flags.commit ? await commitGatosDir(workTree, 'gatos: update policy and trust', signer.actor) : null;
      const result = await publishBundle(ctx.repo, readBundleFiles(workTree), signer, { activate: flags.activate });
      this.log(result.changed ? `published bundle ${result.bundleId}` : `bundle ${result.bundleId} is already active (no change)`);
      this.log(`  commit:           ${result.commit}\n  Policy-Code-Root: sha256:${result.policyCodeRoot}\n  active:           ${result.activated ? 'yes' : 'no (published, not activated)'}`);
      return { ...result, workTreeCommit };
    });
  }
}
