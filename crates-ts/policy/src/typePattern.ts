import { assertEventType } from '@gatos/core';

/**
 * Checks an event-type pattern of the policy language: `*`, an exact event type, or `<type>.*`.
 * Returns a one-line problem, or null when the pattern is valid. No other wildcards exist, so a
 * pattern can never match more than its author can read off it.
 */
export function typePatternProblem(pattern: string): string | null {
  if (pattern === '*') return null;
  const body = pattern.endsWith('.*') ? pattern.slice(0, -2) : pattern;
  if (body.includes('*')) return `type pattern ${JSON.stringify(pattern)} may use "*" only alone or as a final ".*" (e.g. "invoice.*")`;
  try {
    assertEventType(body);
    return null;
  } catch (err) {
    return `type pattern ${JSON.stringify(pattern)}: ${(err as Error).message}`;
  }
}

/**
 * True when event type `type` matches `pattern` (already validated).
 * @example matchesType('invoice.*', 'invoice.paid') // true; matchesType('invoice.*', 'invoice') // false
 */
export function matchesType(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}
