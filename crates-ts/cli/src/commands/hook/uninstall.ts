import { Args } from '@oclif/core';
import { uninstallHook } from '@gatos/gate';
import { GatosCommand } from '../../lib/baseCommand.js';

export default class HookUninstall extends GatosCommand {
  static override summary = 'Remove the Stargate hook files from a bare repository.';
  static override description = 'Removes only the hook files gatos wrote (for any target); other hooks, the policy refs and the audit log stay.';
  static override examples = ['<%= config.bin %> hook uninstall /srv/git/project.git', '<%= config.bin %> hook uninstall -C /srv/git/project.git --json'];
  static override args = {
    'bare-repo': Args.string({ description: 'The bare repository (default: -C or the current directory).' }),
  };

  async run(): Promise<{ repo: string; removed: string[] }> {
    const { args, flags } = await this.parse(HookUninstall);
    const result = await uninstallHook(args['bare-repo'] ?? flags.repo ?? process.cwd());
    for (const path of result.removed) this.log(`removed ${path}`);
    if (result.removed.length === 0) this.log(`no gatos hooks in ${result.repo}`);
    return result;
  }
}
