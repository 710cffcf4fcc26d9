/** The one algorithm blobs are addressed by. */
export const RESOLVE_ALGORITHMS = ['blake3'] as const;

export type ResolvePath =
  | { readonly kind: 'resolve'; readonly algo: 'blake3'; readonly hex: string }
  | { readonly kind: 'health' }
  | { readonly kind: 'refused'; readonly status: 400 | 404; readonly reason: 'no-route' | 'bad-path' | 'unsupported-algorithm' | 'bad-digest'; readonly detail: string };

const RESOLVE = /^\/resolve\/([a-z0-9-]{1,16})\/([0-9a-f]{64})$/;

/**
 * Routes a raw request target (attacker-controlled) strictly, without decoding or normalising it: only
 * `/resolve/blake3/<64 lowercase hex>` and `/healthz` exist. Percent-escapes, dot segments, doubled or
 * trailing slashes, backslashes, queries and fragments never match, so no path can name anything but a
 * digest, and the digest is never joined to a file path by the resolver.
 *
 * @example parseResolvePath('/resolve/blake3/' + 'ab'.repeat(32)) // { kind: 'resolve', algo: 'blake3', hex: 'abab…' }
 */
export function parseResolvePath(target: string): ResolvePath {
  if (target === '/healthz') return { kind: 'health' };
  const m = RESOLVE.exec(target);
  if (m) {
    if (m[1] !== 'blake3') return { kind: 'refused', status: 400, reason: 'unsupported-algorithm', detail: `algorithm ${m[1]} is not served (blake3 only)` };
    return { kind: 'resolve', algo: 'blake3', hex: m[2]! };
  }
  if (!target.startsWith('/resolve/')) return { kind: 'refused', status: 404, reason: 'no-route', detail: 'only GET /resolve/blake3/<hex> is served' };
  const rest = target.slice('/resolve/'.length);
  const slash = rest.indexOf('/');
  const algo = slash < 0 ? rest : rest.slice(0, slash);
  if (slash > 0 && /^[a-z0-9-]{1,16}$/.test(algo) && algo !== 'blake3' && !/[?#%\\]/.test(rest)) {
    return { kind: 'refused', status: 400, reason: 'unsupported-algorithm', detail: `algorithm ${algo} is not served (blake3 only)` };
  }
  if (algo === 'blake3' && /^[0-9A-Fa-f]{1,128}$/.test(rest.slice(slash + 1))) {
    return { kind: 'refused', status: 400, reason: 'bad-digest', detail: 'a blake3 digest is 64 lowercase hex characters' };
  }
  return { kind: 'refused', status: 400, reason: 'bad-path', detail: 'expected /resolve/blake3/<64 lowercase hex> (no escapes, dot segments, queries or extra slashes)' };
}
