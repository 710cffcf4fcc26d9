import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { testGitEnv } from './tempRepo.js';
import { spawnCollect } from './spawnCollect.js';

/** Repository root of this checkout (testkit lives at crates-ts/testkit). */
export const checkoutRoot = fileURLToPath(new URL('../../../', import.meta.url));
/** The built CLI entry point (`npm test` builds before running tests). */
export const cliEntry = `${checkoutRoot}crates-ts/cli/bin/gatos.js`;

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the real built `gatos` CLI in a child process. `env` is added to a clean test environment
 * whose PATH also has the checkout's `bin/`, so `git gatos` works the same way.
 */
export function runCli(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string } = { cwd: process.cwd() }): CliResult {
  const r = spawnSync(process.execPath, [cliEntry, ...args], {
    cwd: options.cwd,
    env: cliEnv(options.env),
    input: options.input ?? '',
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** `runCli` without blocking the event loop: use it when the test process also serves git over HTTP. */
export function runCliAsync(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): Promise<CliResult> {
  return spawnCollect(process.execPath, [cliEntry, ...args], { cwd: options.cwd, env: cliEnv(options.env), ...(options.input ? { input: options.input } : {}) });
}

/** Runs `git <args>` with the checkout's `bin/` on PATH (so `git gatos` resolves to this checkout). */
export function runGitGatos(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): CliResult {
  const r = spawnSync('git', args, { cwd: options.cwd, env: cliEnv(options.env), input: options.input ?? '', encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...testGitEnv, PATH: `${checkoutRoot}bin:${process.env.PATH ?? ''}`, ...extra };
  delete env.GATOS_DEBUG;
  if (extra.GATOS_DEBUG) env.GATOS_DEBUG = extra.GATOS_DEBUG;
  return env;
}
