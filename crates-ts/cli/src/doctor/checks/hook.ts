import { hookStatus, installHook } from '@gatos/gate';
import type { Repository } from '@gatos/git';
import type { Check, Finding } from '../finding.js';

/**
 * On a bare repository (a server): `hook.missing` when the Stargate gate is not installed (pushes are
 * not checked), `hook.outdated` when its files are not what `hook install` writes now (another Node
 * binary or gate build, so pushes may run an old gate or none). Work-tree clones are not servers.
 */
export const hookCheck: Check = {
  name: 'hook',
  async run({ repo }) {
    if (repo.workTree !== null) return [];
    const status = await hookStatus(repo.gitDir);
    if (!status.installed) {
      return [{ id: 'hook.missing', severity: 'warning', subject: repo.gitDir, message: 'the Stargate gate is not installed, so pushes to this repository are not checked', remedy: `git gatos hook install ${repo.gitDir}` }];
    }
    if (!status.current) {
      const stale = status.files.filter((f) => !f.current).map((f) => f.path);
      return stale.map((path): Finding => ({ id: 'hook.outdated', severity: 'error', subject: path, message: `${path} is not the hook this installation writes (${status.target} target)`, remedy: 'git gatos doctor --fix (or git gatos hook install)' }));
    }
    return [];
  },
};

/** The safe repair for `hook.outdated`: rewrite the gatos-owned hook files for the same target. */
export async function fixOutdatedHook(repo: Repository): Promise<string[]> {
  const status = await hookStatus(repo.gitDir);
  if (!status.installed || status.current || status.target === null) return [];
  const result = await installHook(repo.gitDir, { target: status.target });
  return result.written.map((path) => `rewrote ${path}`);
}
