import { join } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { GatosError } from '@gatos/core';
import { compileBundle, isProfileName, PROFILE_NAMES, profileNameOf, profileSettings, profileYaml, publishBundle, type ProfileSettings } from '@gatos/policy';
import { GatosCommand } from '../../lib/baseCommand.js';
import { resolveSigner, withContext } from '../../lib/context.js';
import { commitGatosDir, readBundleFiles, requireWorkTree, writeFileAtomic } from '../../lib/workTree.js';
import { renderProfile } from './show.js';

interface ProfileSetOutput {
  readonly profile: string;
  /** What gatos/config/profile.yaml named before (`default` when absent). */
  readonly previous: string;
  readonly bundleId: string;
  /** The activated policy bundle commit the gate now reads the profile from. */
  readonly policyRoot: string;
  /** False when the active bundle already had exactly these files. */
  readonly changed: boolean;
  readonly workTreeCommit: string | null;
  readonly settings: ProfileSettings;
}

export default class ProfileSet extends GatosCommand {
  static override summary = 'Select the profile: write gatos/config/profile.yaml, then publish and activate a policy bundle.';
  static override description = `Writes \`profile: <name>\` to gatos/config/profile.yaml, commits gatos/, and publishes + activates a policy bundle signed by the current actor (as \`git gatos policy publish\` does), so the gate applies the profile on the next push. Known profiles: ${PROFILE_NAMES.join(', ')}; any other name is a usage error and nothing is written. Setting the active profile again changes nothing.`;
  static override examples = ['<%= config.bin %> profile set research', '<%= config.bin %> profile set default --json'];
  static override args = { name: Args.string({ description: `profile name (${PROFILE_NAMES.join(' or ')})`, required: true }) };
  static override flags = {
    actor: Flags.string({ summary: 'Publishing actor (default: git config gatos.actor).' }),
  };

  async run(): Promise<ProfileSetOutput> {
    const { args, flags } = await this.parse(ProfileSet);
    const name = args.name;
    if (!isProfileName(name)) {
      throw new GatosError('PROFILE_UNKNOWN', `unknown profile ${JSON.stringify(name)} (known: ${PROFILE_NAMES.join(', ')})`, { data: { profile: name }, exitClass: 'usage' });
    }
    return withContext(flags, async (ctx) => {
      const workTree = requireWorkTree(ctx.repo);
      const signer = await resolveSigner(ctx, flags.actor);
      const files = readBundleFiles(workTree);
      const previous = profileNameOf(files.get('config/profile.yaml'));
      // Refuse an otherwise invalid gatos/ (policy file errors name file:line) before writing anything.
      files.set('config/profile.yaml', new TextEncoder().encode(profileYaml(name)));
      compileBundle(files);
      writeFileAtomic(join(workTree, 'gatos/config/profile.yaml'), profileYaml(name));
      const workTreeCommit = await commitGatosDir(workTree, `gatos: set profile ${name}`, signer.actor);
      const result = await publishBundle(ctx.repo, readBundleFiles(workTree), signer, { activate: true });
      const settings = profileSettings(name);
      this.log(result.changed ? `profile ${name} is active (was ${previous})` : `profile ${name} is already active (no change)`);
      this.log(`  active policy:    ${result.commit} (bundle ${result.bundleId})`);
      this.log(renderProfile(settings));
      return { profile: name, previous, bundleId: result.bundleId, policyRoot: result.commit, changed: result.changed, workTreeCommit, settings };
    });
  }
}
