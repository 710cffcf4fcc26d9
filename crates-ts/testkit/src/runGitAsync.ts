import { spawn } from 'node:child_process';
import type { CliResult } from './runCli.js';
import { testGitEnv } from './tempRepo.js';

/**
 * Runs `git <args>` without blocking the event loop, in the test git environment. Needed whenever
 * the same process also serves git (e.g. `startGitHttpServer`): a synchronous spawn would deadlock.
 *
 * @example
 * const r = await runGitAsync(['push', server.url('remote.git'), 'refs/gatos/*:refs/gatos/*'], { cwd: client });
 */
export function runGitAsync(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: options.cwd, env: { ...testGitEnv, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
