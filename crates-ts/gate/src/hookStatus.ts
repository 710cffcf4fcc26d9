import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openRepository } from '@gatos/git';
import { ACTIVE_POLICY_REF } from '@gatos/policy';
import { distPath } from './distPath.js';
import { HOOK_MARKER, hookWrapper } from './hookWrapper.js';
import { HOOK_NAMES, HOOK_TARGETS, hookPath, type HookTarget } from './hookTargets.js';
import { readSpool } from './spool.js';

export interface HookFileStatus {
  readonly path: string;
  /** Octal permission bits, e.g. `755`. */
  readonly mode: string;
  /** True when the file is exactly what `hook install` would write now (same Node, same gate). */
  readonly current: boolean;
}

export interface HookStatus {
  readonly repo: string;
  /** True when every hook file of `target` is a gatos hook. */
  readonly installed: boolean;
  /** True when installed and every file is current. */
  readonly current: boolean;
  readonly target: HookTarget | null;
  readonly files: HookFileStatus[];
  /** The gate's active policy commit, or null (an empty gate accepts one genesis bundle). */
  readonly activePolicy: string | null;
  /** DENY records waiting in the spool (see docs/gate.md). */
  readonly spooled: number;
}

/** The Node binary and entry point a hook installed now would run. */
export function hookCommand(nodePath = process.execPath): { nodePath: string; entryPath: string } {
  return { nodePath, entryPath: distPath('hookEntry.js') };
}

/**
 * Reports whether the gate is installed in a bare repository, for which target, whether the hook
 * files are current (same Node binary and gate entry point as this installation), the active
 * policy, and how many DENY records wait in the spool.
 *
 * @example
 * const s = await hookStatus('/srv/git/repo.git'); // { installed: true, current: true, target: 'plain', … }
 */
export async function hookStatus(repoDir: string, options: { nodePath?: string } = {}): Promise<HookStatus> {
  const repo = await openRepository(repoDir);
  try {
    const { nodePath, entryPath } = hookCommand(options.nodePath);
    let found: { target: HookTarget; files: HookFileStatus[] } | null = null;
    for (const target of HOOK_TARGETS) {
      const files: HookFileStatus[] = [];
      for (const name of HOOK_NAMES) {
        const path = join(repo.gitDir, hookPath(target, name));
        const content = readIfExists(path);
        if (content === null || !content.includes(HOOK_MARKER)) continue;
        files.push({ path, mode: (statSync(path).mode & 0o777).toString(8), current: content === hookWrapper(name, target, nodePath, entryPath) });
      }
      if (files.length > 0) {
        found = { target, files };
        break;
      }
    }
    const installed = found !== null && found.files.length === HOOK_NAMES.length;
    return {
      repo: repo.gitDir,
      installed,
      current: installed && found!.files.every((f) => f.current && f.mode === '755'),
      target: found?.target ?? null,
      files: found?.files ?? [],
      activePolicy: await repo.refs.read(ACTIVE_POLICY_REF),
      spooled: readSpool(repo.gitDir).reduce((n, b) => n + b.records.length, 0),
    };
  } finally {
    await repo.close();
  }
}

function readIfExists(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
