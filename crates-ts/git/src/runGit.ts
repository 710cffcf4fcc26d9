/**
 * Spawning git: the only place in gatos that starts a `git` process.
 * Output is parsed in places, so git always runs with `LC_ALL=C` (untranslated messages).
 */
import { spawn } from 'node:child_process';
import { GatosError } from '@gatos/core';
import type { GitAdapterErrorCode } from './errorCodes.js';

export interface RunGitOptions {
  /** Bytes for git's stdin. */
  readonly input?: string | Uint8Array;
  /** Extra environment variables (merged over `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Exit codes that are not failures (default `[0]`). */
  readonly okExitCodes?: readonly number[];
}

export interface GitResult {
  readonly exitCode: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** The environment git runs with: the caller's, plus `LC_ALL=C` and the given overrides. */
export function gitEnv(extra: Readonly<Record<string, string | undefined>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C', LANGUAGE: undefined, GIT_TERMINAL_PROMPT: '0', ...extra };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return env;
}

/** Runs git and collects its output, whatever the exit code. Rejects only when git cannot start. */
export function execGit(cwd: string, args: readonly string[], options: RunGitOptions = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: gitEnv(options.env), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (cause: NodeJS.ErrnoException) => {
      if (cause.code === 'ENOENT') {
        reject(
          new GatosError<GitAdapterErrorCode>('GIT_NOT_FOUND', `cannot run git in ${cwd}: ${cause.message} (is git installed? the 'iso' backend works without it)`, {
            cause,
            data: { dir: cwd },
            exitClass: 'internal',
          }),
        );
      } else reject(new GatosError<GitAdapterErrorCode>('GIT_FAILED', `cannot run git: ${cause.message}`, { cause, exitClass: 'internal' }));
    });
    child.on('close', (code) => resolve({ exitCode: code ?? -1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
    // git may exit before reading all of stdin (e.g. on a usage error); the exit code tells the story.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** A `GIT_FAILED` error for a finished git process. */
export function gitFailed(args: readonly string[], result: GitResult): GatosError<GitAdapterErrorCode> {
  const stderr = result.stderr.trim();
  return new GatosError<GitAdapterErrorCode>('GIT_FAILED', `git ${args[0] ?? ''} failed (exit ${result.exitCode}): ${stderr.split('\n')[0] ?? ''}`, {
    data: { args: [...args], exitCode: result.exitCode, stderr: stderr.slice(0, 4000) },
    exitClass: 'internal',
  });
}

/**
 * Runs `git <args>` in `dir` and resolves with its stdout (UTF-8). Rejects with `GIT_FAILED`
 * (data: args, exitCode, stderr) on an exit code outside `okExitCodes`.
 *
 * @example
 * const head = (await runGit(repo.workTree!, ['rev-parse', 'HEAD'])).trim();
 */
export async function runGit(dir: string, args: readonly string[], options: RunGitOptions = {}): Promise<string> {
  const result = await execGit(dir, args, options);
  if (!(options.okExitCodes ?? [0]).includes(result.exitCode)) throw gitFailed(args, result);
  return result.stdout.toString('utf8');
}
