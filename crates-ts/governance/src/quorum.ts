import { govError } from './errors.js';

/** An N-of-M quorum over a trust-graph group (`2-of-3@leads`); M is the group size at proposal time. */
export interface Quorum {
  readonly atLeast: number;
  /** Group size when the proposal was made, or null when not yet resolved (`{at_least, group}` form). */
  readonly of: number | null;
  /** Group name without `@`. */
  readonly group: string;
}

const SHORTHAND = /^(\d+)-of-(\d+)@([A-Za-z0-9._-]+)$/;
const GROUP = /^@?([A-Za-z0-9._-]{1,64})$/;

/**
 * Reads `N-of-M@group` (SPEC-DIGEST §13 regex) or `{at_least, group}`; throws `GOV_BAD_QUORUM`.
 * `all_of` lists (ADR-0003) are refused: a group in the trust graph names the same set once.
 * @example parseQuorum('2-of-3@leads') // { atLeast: 2, of: 3, group: 'leads' }
 */
export function parseQuorum(value: unknown, where = 'quorum'): Quorum {
  if (typeof value === 'string') {
    const m = SHORTHAND.exec(value);
    if (m) return checked(Number(m[1]), Number(m[2]), m[3]!, where, value);
  } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const { at_least: atLeast, group, ...extra } = value as Record<string, unknown>;
    const g = typeof group === 'string' ? GROUP.exec(group) : null;
    if (Object.keys(extra).length === 0 && typeof atLeast === 'number' && g) return checked(atLeast, null, g[1]!, where, JSON.stringify(value));
  }
  throw govError('GOV_BAD_QUORUM', `${where} must be "N-of-M@group" (e.g. 2-of-3@leads) or {at_least: N, group: name}`, {
    quorum: JSON.stringify(value ?? null).slice(0, 80),
  });
}

function checked(atLeast: number, of: number | null, group: string, where: string, text: string): Quorum {
  if (!Number.isSafeInteger(atLeast) || atLeast < 1 || (of !== null && (!Number.isSafeInteger(of) || of < atLeast))) {
    throw govError('GOV_BAD_QUORUM', `${where} ${text.slice(0, 80)} needs 1 <= N <= M`, { quorum: text.slice(0, 80) });
  }
  return { atLeast, of, group };
}

/** `N-of-M@group`, the `Required-Quorum` text. */
export function formatQuorum(q: { atLeast: number; of: number; group: string }): string {
  return `${q.atLeast}-of-${q.of}@${q.group}`;
}
