import { Args, Flags } from '@oclif/core';
import { HOOK_TARGETS, installHook, type HookTarget, type InstallHookResult } from '@gatos/gate';
import { GatosCommand } from '../../lib/baseCommand.js';

export default class HookInstall extends GatosCommand {
  static override summary = 'Install the Stargate push gate (pre-receive + post-receive) in a bare repository.';
  static override description = 'Writes small #!/bin/sh wrappers that exec this Node binary by absolute path on the gate’s lean entry point (no oclif on the push path): hooks/ for plain git, hooks/<hook>.d/gatos for Gitea and Forgejo, custom_hooks/<hook>.d/gatos for GitLab. With --trust-from the gate starts from that repository’s or bundle file’s active policy; without it, the first push may bring one genesis policy bundle (trust on first use), and from then on only descendants of the active policy are accepted.';
  static override examples = [
    '<%= config.bin %> hook install /srv/git/project.git',
    '<%= config.bin %> hook install /var/lib/gitea/repositories/acme/project.git --target gitea --trust-from ~/src/project',
    '<%= config.bin %> hook install /var/opt/gitlab/git-data/repositories/@hashed/ab/cd/abcd.git --target gitlab --json',
  ];
  static override args = {
    'bare-repo': Args.string({ description: 'The bare repository to guard (default: -C or the current directory).' }),
  };
  static override flags = {
    target: Flags.string({ summary: 'Server layout.', options: [...HOOK_TARGETS], default: 'plain' }),
    'trust-from': Flags.string({ summary: 'Seed the gate with the active policy of this repository, URL or git bundle file.' }),
    force: Flags.boolean({ summary: 'Replace hook files that gatos did not write.', default: false }),
  };

  async run(): Promise<InstallHookResult> {
    const { args, flags } = await this.parse(HookInstall);
    const result = await installHook(args['bare-repo'] ?? flags.repo ?? process.cwd(), {
      target: flags.target as HookTarget,
      force: flags.force,
      ...(flags['trust-from'] === undefined ? {} : { trustFrom: flags['trust-from'] }),
    });
    for (const path of result.written) this.log(`wrote ${path}`);
    this.log(result.seededPolicy
      ? `gate installed (${result.target}); active policy ${result.seededPolicy} seeded from ${flags['trust-from']}`
      : `gate installed (${result.target}); ${result.activePolicy ? `active policy ${result.activePolicy}` : 'no policy yet: the first push may bring one genesis bundle (trust on first use)'}`);
    return result;
  }
}
