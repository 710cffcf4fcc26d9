/**
 * Compare-and-swap of refs through `git update-ref`, which takes git's own `<ref>.lock` and so is
 * atomic against every other git process. Maps git's failure messages to precise codes.
 */
import { GatosError, ZERO_OID } from '@gatos/core';
import type { Oid, RefUpdate } from '@gatos/core';
import type { GitAdapterErrorCode } from './errorCodes.js';
import { execGit, gitFailed } from './runGit.js';
import type { GitResult } from './runGit.js';
import { casMismatch } from './casMismatch.js';

/** Where git runs for a repository. */
export interface GitContext {
  readonly gitDir: string;
  /** Environment overrides for every git process (GIT_DIR etc.). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The current value of `ref` (no validation; callers check names). */
export async function revParseRef(ctx: GitContext, ref: string): Promise<Oid | null> {
  const args = ['rev-parse', '--verify', '-q', '--end-of-options', ref];
  const result = await execGit(ctx.gitDir, args, { env: ctx.env });
  if (result.exitCode === 0) return result.stdout.toString('latin1').trim();
  if (result.exitCode === 1) return null;
  throw gitFailed(args, result);
}

async function failure(ctx: GitContext, args: readonly string[], result: GitResult, updates: readonly RefUpdate[]): Promise<GatosError> {
  const stderr = result.stderr;
  const lockMatch = /cannot lock ref '([^']+)': (.*)/.exec(stderr);
  const ref = lockMatch?.[1] ?? /for ref '([^']+)'/.exec(stderr)?.[1] ?? updates[0]?.ref ?? '';
  const update = updates.find((u) => u.ref === ref);
  if (/with nonexistent object ([0-9a-f]{40})/.test(stderr)) {
    const oid = /with nonexistent object ([0-9a-f]{40})/.exec(stderr)?.[1] ?? '';
    return new GatosError<GitAdapterErrorCode>('GIT_OBJECT_MISSING', `cannot point ${ref} at ${oid}: no such object (write the objects first)`, {
      data: { name: oid, ref },
    });
  }
  if (lockMatch !== null && update !== undefined) {
    const reason = lockMatch[2] ?? '';
    if (/exists; cannot create|cannot process '.*' and '.*' at the same time/.test(reason)) {
      return new GatosError<GitAdapterErrorCode>('REF_NAME_CONFLICT', `cannot create ${ref}: ${reason}`, { data: { ref } });
    }
    const isAt = /is at ([0-9a-f]{40}) but expected/.exec(reason)?.[1];
    const locked = /Unable to create '.*\.lock'/.test(reason);
    if (isAt !== undefined || locked || /reference already exists|unable to resolve reference|reference is missing/.test(reason)) {
      const actual = isAt ?? (await revParseRef(ctx, ref));
      return casMismatch(ref, update.expected, actual, locked);
    }
  }
  return gitFailed(args, result);
}

/** `git update-ref <ref> <next> <expected-or-zero>`. */
export async function updateRef(ctx: GitContext, ref: string, expected: Oid | null, next: Oid): Promise<void> {
  const args = ['update-ref', '--end-of-options', ref, next, expected ?? ZERO_OID];
  const result = await execGit(ctx.gitDir, args, { env: ctx.env });
  if (result.exitCode !== 0) throw await failure(ctx, args, result, [{ ref, expected, next }]);
}

/** One `git update-ref --stdin` transaction: `start`, one `update` per ref, `prepare`, `commit`. */
export async function updateRefs(ctx: GitContext, updates: readonly RefUpdate[]): Promise<void> {
  const lines = ['start', ...updates.map((u) => `update ${u.ref} ${u.next} ${u.expected ?? ZERO_OID}`), 'prepare', 'commit', ''];
  const args = ['update-ref', '--stdin'];
  const result = await execGit(ctx.gitDir, args, { env: ctx.env, input: lines.join('\n') });
  if (result.exitCode !== 0) throw await failure(ctx, args, result, updates);
}
