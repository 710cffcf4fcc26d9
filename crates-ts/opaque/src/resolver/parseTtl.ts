import { resolverError } from './errors.js';

/** Longest token lifetime the resolver accepts (and `resolver token` mints), in seconds. */
export const MAX_TOKEN_LIFETIME_SECONDS = 3600;

const TTL = /^([1-9][0-9]{0,5})([smh]?)$/;
const UNIT: Readonly<Record<string, number>> = { '': 1, s: 1, m: 60, h: 3600 };

/**
 * A token lifetime in whole seconds from `300`, `90s`, `5m` or `1h`, at most `max` (default one hour).
 * Throws `RESOLVER_BAD_TTL`.
 * @example parseTtl('5m') // 300
 */
export function parseTtl(text: string, max = MAX_TOKEN_LIFETIME_SECONDS): number {
  const m = TTL.exec(text);
  const seconds = m ? Number(m[1]) * UNIT[m[2]!]! : NaN;
  if (!(seconds >= 1)) {
    throw resolverError('RESOLVER_BAD_TTL', `token lifetime ${JSON.stringify(text.slice(0, 40))} is not <n>, <n>s, <n>m or <n>h (e.g. 5m)`, { data: { ttl: text.slice(0, 40) } });
  }
  if (seconds > max) {
    throw resolverError('RESOLVER_BAD_TTL', `token lifetime ${text} is over the ${max} s the resolver accepts (tokens are short-lived; mint a new one instead)`, { data: { ttl: text, max } });
  }
  return seconds;
}
