import { resolverError } from './errors.js';

const MAX_AUDIENCE = 512;

/**
 * The audience a token is minted for and a resolver answers to, in one spelling: an `http(s)` URL
 * without path, query or fragment is reduced to its origin (`http://127.0.0.1:8080/` →
 * `http://127.0.0.1:8080`); any other value is kept as written. Throws `RESOLVER_BAD_AUDIENCE` for an
 * empty, overlong or multi-line value.
 */
export function normaliseAudience(aud: string): string {
  if (aud.length === 0 || aud.length > MAX_AUDIENCE || /[\s\x00-\x1f\x7f]/.test(aud)) {
    throw resolverError('RESOLVER_BAD_AUDIENCE', `audience ${JSON.stringify(aud.slice(0, 80))} must be 1-${MAX_AUDIENCE} characters without spaces or control characters (e.g. the resolver's URL, http://127.0.0.1:8080)`, {
      data: { aud: aud.slice(0, 80) },
    });
  }
  let url: URL;
  try {
    url = new URL(aud);
  } catch {
    return aud;
  }
  const bare = (url.protocol === 'http:' || url.protocol === 'https:') && url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
  return bare && !aud.includes('?') && !aud.includes('#') ? url.origin : aud;
}
