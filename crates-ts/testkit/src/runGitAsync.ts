import type { CliResult } from './runCli.js';
import { spawnCollect } from './spawnCollect.js';
import { testGitEnv } from './tempRepo.js';

/**
 * Runs `git <args>` without blocking the event loop, in the test git environment (see `spawnCollect`).
 *
 * @example
 * const r = await runGitAsync(['push', server.url('remote.git'), 'refs/gatos/*:refs/gatos/*'], { cwd: client });
 */
export function runGitAsync(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliResult> {
  return spawnCollect('git', args, { cwd: options.cwd, env: { ...testGitEnv, ...options.env } });
}
