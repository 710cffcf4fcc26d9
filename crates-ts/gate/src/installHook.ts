import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GatosError } from '@gatos/core';
import { openRepository, type Repository } from '@gatos/git';
import type { GateErrorCode } from './errors.js';
import { hookCommand, hookStatus, type HookStatus } from './hookStatus.js';
import { HOOK_NAMES, HOOK_TARGETS, hookPath, type HookTarget } from './hookTargets.js';
import { HOOK_MARKER, hookWrapper } from './hookWrapper.js';
import { seedTrust } from './seedTrust.js';

export interface InstallHookOptions {
  /** Which server layout (default `plain`). */
  readonly target?: HookTarget;
  /** Seed the gate's policy from this repository or bundle (else: trust on first use). */
  readonly trustFrom?: string;
  /** Replace hook files gatos did not write. */
  readonly force?: boolean;
  /** Node binary the hook runs (default: the one running this code, `process.execPath`). */
  readonly nodePath?: string;
}

export interface InstallHookResult extends HookStatus {
  /** Files written by this call. */
  readonly written: string[];
  /** The policy seeded by `--trust-from`, else null. */
  readonly seededPolicy: string | null;
}

/**
 * Installs the Stargate gate in a bare repository: pre-receive (decides) and post-receive (records a
 * trust-on-first-use genesis) wrappers at the target's hook paths, mode 0755, written by temp file +
 * rename. Refuses (`GATE_HOOK_EXISTS`) to replace a hook file gatos did not write unless `force`.
 * With `trustFrom`, first seeds the active policy (see `seedTrust`).
 *
 * @example
 * await installHook('/srv/git/repo.git', { target: 'gitea', trustFrom: '/home/alice/project' });
 */
export async function installHook(repoDir: string, options: InstallHookOptions = {}): Promise<InstallHookResult> {
  const target = options.target ?? 'plain';
  if (!HOOK_TARGETS.includes(target)) {
    throw new GatosError<GateErrorCode>('GATE_BAD_TARGET', `unknown hook target ${JSON.stringify(target)} (use plain, gitea or gitlab)`, { data: { target }, exitClass: 'usage' });
  }
  const repo = await openBare(repoDir);
  let seededPolicy: string | null = null;
  const written: string[] = [];
  try {
    const { nodePath, entryPath } = hookCommand(options.nodePath);
    const plans = HOOK_NAMES.map((name) => ({ path: join(repo.gitDir, hookPath(target, name)), content: hookWrapper(name, target, nodePath, entryPath) }));
    for (const { path } of plans) {
      if (existsSync(path) && !readFileSync(path, 'utf8').includes(HOOK_MARKER) && options.force !== true) {
        throw new GatosError<GateErrorCode>('GATE_HOOK_EXISTS', `${path} exists and was not written by gatos; move it into a .d directory, or pass --force to replace it`, {
          data: { path }, exitClass: 'usage',
        });
      }
    }
    if (options.trustFrom !== undefined) seededPolicy = await seedTrust(repo, options.trustFrom);
    for (const { path, content } of plans) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(`${path}.gatos-tmp`, content, { mode: 0o755 });
      chmodSync(`${path}.gatos-tmp`, 0o755); // the umask may have narrowed the mode given at creation
      renameSync(`${path}.gatos-tmp`, path);
      written.push(path);
    }
  } finally {
    await repo.close();
  }
  return { ...(await hookStatus(repoDir, options.nodePath === undefined ? {} : { nodePath: options.nodePath })), written, seededPolicy };
}

/** Opens `dir` and refuses (`GATE_NOT_BARE`) anything but a bare repository: gates guard servers. */
export async function openBare(dir: string): Promise<Repository> {
  const repo = await openRepository(dir);
  if (repo.workTree !== null) {
    await repo.close();
    throw new GatosError<GateErrorCode>('GATE_NOT_BARE', `${dir} is not a bare repository; install the gate on the server's bare repository (git init --bare)`, {
      data: { dir }, exitClass: 'usage',
    });
  }
  return repo;
}
