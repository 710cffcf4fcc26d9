import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Flags } from '@oclif/core';
import { formatPublicKey } from '@gatos/core';
import { runGit } from '@gatos/git';
import { createKey, keyFilePath, loadSigner } from '@gatos/keys';
import { publishBundle, withActorKey } from '@gatos/policy';
import { GatosCommand } from '../lib/baseCommand.js';
import { resolveActor, withContext } from '../lib/context.js';
import { commitGatosDir, readBundleFiles, readTrustGraphFile, requireWorkTree, writeFileAtomic, writeTrustGraphFile } from '../lib/workTree.js';

interface InitOutput {
  actor: string;
  publicKey: string;
  keyCreated: boolean;
  workTreeCommit: string | null;
  bundleId: string;
  policyRoot: string;
  changed: boolean;
}

export default class Init extends GatosCommand {
  static override summary = 'Set up gatos in this repository (idempotent).';
  static override description = 'Creates gatos/config/profile.yaml and gatos/trust/graph.json trusting the current actor (creating its key if needed), commits gatos/, and publishes + activates the first policy bundle. Running it again changes nothing.';
  static override examples = ['<%= config.bin %> init --actor user:alice'];
  static override flags = {
    actor: Flags.string({ summary: 'Actor to initialise as (saved as git config gatos.actor).' }),
    profile: Flags.string({ summary: 'Profile written to gatos/config/profile.yaml.', options: ['default', 'research'], default: 'default' }),
  };

  async run(): Promise<InitOutput> {
    const { flags } = await this.parse(Init);
    return withContext(flags, async (ctx) => {
      const workTree = requireWorkTree(ctx.repo);
      const actor = await resolveActor(workTree, flags.actor);
      if (flags.actor) await runGit(workTree, ['config', 'gatos.actor', actor]);
      const keyCreated = !existsSync(keyFilePath(ctx.home, actor));
      if (keyCreated) createKey(ctx.home, actor);
      const signer = loadSigner(ctx.home, actor);
      const publicKey = formatPublicKey(signer.publicKey);
      const profilePath = join(workTree, 'gatos/config/profile.yaml');
      if (!existsSync(profilePath)) writeFileAtomic(profilePath, `profile: ${flags.profile}\n`);
      writeTrustGraphFile(workTree, withActorKey(readTrustGraphFile(workTree), actor, publicKey));
      const workTreeCommit = await commitGatosDir(workTree, 'gatos: initialise', actor);
      const bundle = await publishBundle(ctx.repo, readBundleFiles(workTree), signer);
      if (keyCreated) this.log(`created key for ${actor}: ${publicKey}`);
      this.log(bundle.changed ? `initialised gatos as ${actor}` : `gatos already initialised as ${actor} (no change)`);
      this.log(`  active policy: ${bundle.commit} (bundle ${bundle.bundleId})`);
      return { actor, publicKey, keyCreated, workTreeCommit, bundleId: bundle.bundleId, policyRoot: bundle.commit, changed: bundle.changed };
    });
  }
}
