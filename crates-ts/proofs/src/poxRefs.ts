import { assertUlid } from '@gatos/core';
import { poxError } from './errors.js';

/** Where experiments live: one immutable ref per PoX, named by its ULID (SPEC-DIGEST §1, §4). */
export const EXPERIMENTS_PREFIX = 'refs/gatos/audit/proofs/experiments/';

export function experimentRef(ulid: string): string {
  return `${EXPERIMENTS_PREFIX}${ulid}`;
}

/**
 * Accepts a PoX id (its ULID) or its full ref; throws `POX_BAD_ID` for anything else.
 * @example parsePoxTarget('refs/gatos/audit/proofs/experiments/01J5…') // { ulid: '01J5…', ref: '…' }
 */
export function parsePoxTarget(target: string): { ulid: string; ref: string } {
  const ulid = target.startsWith(EXPERIMENTS_PREFIX) ? target.slice(EXPERIMENTS_PREFIX.length) : target;
  try {
    assertUlid(ulid);
  } catch {
    throw poxError('POX_BAD_ID', `${JSON.stringify(target.slice(0, 80))} is not a PoX id (a ULID, or ${EXPERIMENTS_PREFIX}<ulid>)`, { data: { target: target.slice(0, 200) } });
  }
  return { ulid, ref: experimentRef(ulid) };
}
