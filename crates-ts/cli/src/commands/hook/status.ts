import { Args } from '@oclif/core';
import { hookStatus, type HookStatus } from '@gatos/gate';
import { GatosCommand } from '../../lib/baseCommand.js';

export default class HookStatusCommand extends GatosCommand {
  static override summary = 'Show whether the Stargate gate is installed in a bare repository, for which target, and whether it is current.';
  static override description = 'Current means every hook file is exactly what `hook install` would write now (same Node binary, same gate). Also shows the active policy and how many DENY records wait in the spool. Exits 1 when the gate is missing or stale.';
  static override examples = ['<%= config.bin %> hook status /srv/git/project.git', '<%= config.bin %> hook status -C /srv/git/project.git --json'];
  static override args = {
    'bare-repo': Args.string({ description: 'The bare repository (default: -C or the current directory).' }),
  };

  async run(): Promise<HookStatus> {
    const { args, flags } = await this.parse(HookStatusCommand);
    const status = await hookStatus(args['bare-repo'] ?? flags.repo ?? process.cwd());
    this.log(`installed: ${status.installed ? `yes (${status.target})` : 'no'}`);
    this.log(`current:   ${status.current ? 'yes' : status.installed ? 'no (reinstall with `git gatos hook install`)' : '-'}`);
    for (const f of status.files) this.log(`  ${f.path}  mode ${f.mode}${f.current ? '' : '  (stale)'}`);
    this.log(`active policy: ${status.activePolicy ?? 'none (the first push may bring one genesis bundle)'}`);
    if (status.spooled > 0) this.log(`spooled DENY records: ${status.spooled} (see git gatos audit log)`);
    if (!status.current) this.failCheck();
    return status;
  }
}
