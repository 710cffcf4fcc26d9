/**
 * Ref name and object id checks done before any git process is spawned or lock file created.
 * Rules follow `git check-ref-format` (Documentation/git-check-ref-format.txt), plus gatos'
 * own rule that refs live under `refs/` (HEAD is accepted for reads only).
 */
import { GatosError, isOid } from '@gatos/core';
import type { Oid } from '@gatos/core';
import type { GitAdapterErrorCode } from './errorCodes.js';

// Control characters, space, DEL and the characters git reserves for revision syntax.
const FORBIDDEN = /[\x00-\x20\x7f~^:?*[\\]/;

/** Why `name` is not a valid ref name under `git check-ref-format`, or null when it is. */
export function refNameProblem(name: string): string | null {
  if (name === '' || name === '@') return 'is empty or "@"';
  if (FORBIDDEN.test(name)) return 'contains a control character, space, or one of ~ ^ : ? * [ \\';
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) return 'has an empty path component';
  if (name.includes('..')) return 'contains ".."';
  if (name.includes('@{')) return 'contains "@{"';
  if (name.endsWith('.')) return 'ends with "."';
  for (const part of name.split('/')) {
    if (part.startsWith('.')) return `has a component starting with "." (${part})`;
    if (part.endsWith('.lock')) return `has a component ending with ".lock" (${part})`;
  }
  return null;
}

/** Throws `BAD_REF_NAME` unless `ref` is a valid name under `refs/` (or `HEAD` when allowed). */
export function assertRefName(ref: string, options: { allowHead?: boolean } = {}): void {
  if (options.allowHead === true && ref === 'HEAD') return;
  const problem = refNameProblem(ref) ?? (ref.startsWith('refs/') ? null : 'is not under "refs/"');
  if (problem !== null) {
    throw new GatosError<GitAdapterErrorCode>('BAD_REF_NAME', `bad ref name ${JSON.stringify(ref)}: it ${problem} (e.g. use "refs/gatos/journal/main")`, {
      data: { ref },
    });
  }
}

/** Throws `BAD_REF_NAME` unless `prefix` could start a ref name under `refs/` (a trailing `/` is allowed). */
export function assertRefPrefix(prefix: string): void {
  assertRefName(prefix.endsWith('/') ? `${prefix}x` : prefix);
}

/** Throws `BAD_OBJECT_NAME` unless `oid` is a full lowercase SHA-1 id. */
export function assertOid(oid: string, what: string): asserts oid is Oid {
  if (!isOid(oid)) {
    throw new GatosError<GitAdapterErrorCode>('BAD_OBJECT_NAME', `${what} is not a full 40-hex object id: ${JSON.stringify(oid)}`, {
      data: { name: oid },
    });
  }
}

/**
 * Splits an object name into its id and optional path, throwing `BAD_OBJECT_NAME` unless it is
 * `<oid>` or `<oid>:<path>` with a path free of newlines and NUL (they would break the batch protocol).
 */
export function parseObjectName(name: string): { oid: Oid; path: string | null } {
  const oid = name.slice(0, 40);
  const rest = name.slice(40);
  if (isOid(oid) && (rest === '' || (rest.startsWith(':') && !/[\n\0]/.test(rest)))) {
    return { oid, path: rest === '' ? null : rest.slice(1) };
  }
  throw new GatosError<GitAdapterErrorCode>('BAD_OBJECT_NAME', `object name must be <oid> or <oid>:<path>, got ${JSON.stringify(name.slice(0, 200))}`, {
    data: { name: name.slice(0, 200) },
  });
}
