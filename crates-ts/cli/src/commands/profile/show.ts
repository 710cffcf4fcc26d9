import { ACTIVE_POLICY_REF, isProfileName, loadBundle, profileNameOf, profileSettings, type ProfileSettings } from '@gatos/policy';
import { GatosCommand } from '../../lib/baseCommand.js';
import { withContext } from '../../lib/context.js';

export interface ProfileShowOutput {
  /** The name recorded in the active bundle's `config/profile.yaml` (`default` when absent). */
  readonly profile: string;
  /** False when the recorded name is not a known profile; the gate then runs it as `default`. */
  readonly known: boolean;
  /** The active policy bundle commit the profile was read from, or null when none is active. */
  readonly policyRoot: string | null;
  /** What the gate and CLI enforce under it (profiles/<name>.yaml). */
  readonly settings: ProfileSettings;
}

export default class ProfileShow extends GatosCommand {
  static override summary = 'Show the active profile and what it enforces.';
  static override description = "Reads config/profile.yaml from the active policy bundle (refs/gatos/policies/active) — what the gate applies — and prints the profile's settings from the profile table (profiles/<name>.yaml). With no active bundle, or a bundle without the file, the profile is default; an unknown name is reported and runs as default.";
  static override examples = ['<%= config.bin %> profile show', '<%= config.bin %> profile show --json'];

  async run(): Promise<ProfileShowOutput> {
    const { flags } = await this.parse(ProfileShow);
    return withContext(flags, async (ctx) => {
      const policyRoot = await ctx.repo.refs.read(ACTIVE_POLICY_REF);
      const profile = policyRoot ? profileNameOf((await loadBundle(ctx.repo.objects, policyRoot)).files.get('config/profile.yaml')) : 'default';
      const known = isProfileName(profile);
      const settings = profileSettings(profile);
      this.log(`profile: ${profile}${known ? '' : ' (unknown: runs as default)'}`);
      this.log(`  active policy:    ${policyRoot ?? 'none (publish one with `git gatos init` or `git gatos policy publish`)'}`);
      this.log(renderProfile(settings));
      return { profile, known, policyRoot, settings };
    });
  }
}

/** The human-readable settings block shared by `profile show` and `profile set`. */
export function renderProfile(s: ProfileSettings): string {
  const depth = s.maxPolicyDepth === 'server-config' ? 'server setting gatos.gate.maxPolicyDepth (16 unless set)' : `${s.maxPolicyDepth} (events must name ${s.maxPolicyDepth === 0 ? 'the active bundle' : `at most ${s.maxPolicyDepth} bundles back`})`;
  const replay = s.proofOfFold.replay === 'always' ? 'always replayed' : 'replayed unless gatos.gate.replayProofOfFold=0';
  return [
    `  ${s.summary}`,
    `  PoF on state push: ${s.proofOfFold.requiredOnStatePush ? 'required' : 'not required'}, ${replay}`,
    `  policy depth:      ${depth}`,
    `  fast-forward only: ${s.fastForwardOnly.join(', ')}`,
    `  audit anchored:    ${s.auditRefsAnchored ? 'yes' : 'no'}`,
    `  bus:               rotate at ${s.bus.segmentMaxMessages} messages or ${s.bus.segmentMaxBytes / (1024 * 1024)} MiB, TTL ${s.bus.ttlDays} days, summaries ${s.bus.summaries ? 'on' : 'off'}`,
    `  pointer hardening: ${s.pointerHardening ? 'on' : 'off'}`,
    `  signed folds:      ${s.signedFolds ? 'expected' : 'optional'}`,
  ].join('\n');
}
