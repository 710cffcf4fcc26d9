import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HOOK_NAMES, HOOK_TARGETS, hookPath } from './hookTargets.js';
import { HOOK_MARKER } from './hookWrapper.js';
import { openBare } from './installHook.js';

/**
 * Removes every hook file gatos installed in a bare repository (any target); other hooks, the
 * policy refs and the audit log stay. Resolves with the removed paths (empty when none were there).
 *
 * @example
 * const { removed } = await uninstallHook('/srv/git/repo.git');
 */
export async function uninstallHook(repoDir: string): Promise<{ repo: string; removed: string[] }> {
  const repo = await openBare(repoDir);
  await repo.close();
  const removed: string[] = [];
  for (const target of HOOK_TARGETS) {
    for (const name of HOOK_NAMES) {
      const path = join(repo.gitDir, hookPath(target, name));
      let content: string;
      try {
        content = readFileSync(path, 'utf8');
      } catch {
        continue;
      }
      if (!content.includes(HOOK_MARKER)) continue;
      rmSync(path);
      removed.push(path);
    }
  }
  return { repo: repo.gitDir, removed };
}
