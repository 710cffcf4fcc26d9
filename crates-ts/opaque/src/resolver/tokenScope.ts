import { CLASS_NAME } from './resolverPolicy.js';
import { resolverError } from './errors.js';

/** Most classes one token may name. */
export const MAX_SCOPE_CLASSES = 16;

/**
 * The classes of a `scope` claim: space-separated class names (OAuth style), each matching
 * `CLASS_NAME`, at most `MAX_SCOPE_CLASSES`, returned sorted and deduplicated; null when absent.
 * Throws `RESOLVER_BAD_SCOPE`.
 * @example parseScope('medical  billing') // throws (one space between names); parseScope('medical billing') // ['billing', 'medical']
 */
export function parseScope(scope: unknown): string[] | null {
  if (scope === undefined) return null;
  const names = typeof scope === 'string' ? scope.split(' ') : [];
  if (typeof scope !== 'string' || names.length > MAX_SCOPE_CLASSES || !names.every((n) => CLASS_NAME.test(n))) {
    const shown = typeof scope === 'string' ? JSON.stringify(scope.slice(0, 80)) : `a ${typeof scope}`;
    throw resolverError('RESOLVER_BAD_SCOPE', `scope ${shown} must be 1-${MAX_SCOPE_CLASSES} class names separated by single spaces, each matching ${CLASS_NAME.source}`, {
      data: { scope: typeof scope === 'string' ? scope.slice(0, 80) : null },
    });
  }
  return [...new Set(names)].sort();
}
