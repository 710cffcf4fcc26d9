/** Job ids (SPEC-DIGEST §7): `blake3:<64 hex>` in records and trailers, bare `<hex>` in ref names. */
import { jobError } from './errors.js';

const PREFIXED = /^blake3:([0-9a-f]{64})$/;
const BARE = /^[0-9a-f]{64}$/;

/**
 * The 64-hex digest of a job id given as `blake3:<hex>` or bare `<hex>`; throws `JOB_BAD_ID`.
 * @example jobIdHex('blake3:237e59ea…') // '237e59ea…'
 */
export function jobIdHex(text: string): string {
  if (typeof text === 'string') {
    if (BARE.test(text)) return text;
    const m = PREFIXED.exec(text);
    if (m) return m[1]!;
  }
  throw jobError('JOB_BAD_ID', `job id ${JSON.stringify(String(text).slice(0, 80))} is not blake3:<64 lowercase hex> (as printed by \`git gatos job submit\`)`, {
    data: { job_id: String(text).slice(0, 80) },
  });
}

/** The prefixed form `blake3:<hex>` of a job id given either way. */
export function formatJobId(text: string): string {
  return `blake3:${jobIdHex(text)}`;
}
