import { blake3Hex, sha256 } from '@gatos/core';
import { resolverError } from './errors.js';

const BLAKE3_TEXT = /^(?:blake3:)?([0-9a-f]{64})$/;

export interface FetchedBlob {
  readonly digest: string;
  readonly bytes: Uint8Array;
}

/**
 * Fetches `blake3:<hex>` from a resolver at `baseUrl` with a bearer token and checks the answer:
 * status 200, the body hashes to the digest asked for, and `Content-Digest` (when sent) matches the
 * body. Throws `RESOLVER_FETCH_REFUSED` with the resolver's status and error code, or
 * `RESOLVER_DIGEST_MISMATCH`. The bytes are what the store holds (ciphertext for opaque blobs).
 *
 * @example
 * const { bytes } = await fetchResolved('http://127.0.0.1:8080', 'blake3:ab…', token);
 */
export async function fetchResolved(baseUrl: string, hash: string, token: string, options: { fetch?: typeof fetch } = {}): Promise<FetchedBlob> {
  const m = BLAKE3_TEXT.exec(hash);
  if (m === null) throw resolverError('RESOLVER_BAD_HASH', `${JSON.stringify(hash.slice(0, 80))} is not blake3:<64 lowercase hex>`, { data: { hash: hash.slice(0, 80) } });
  const hex = m[1]!;
  const url = `${baseUrl.replace(/\/+$/, '')}/resolve/blake3/${hex}`;
  const res = await (options.fetch ?? fetch)(url, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/octet-stream' } }).catch((err: unknown) => {
    throw resolverError('RESOLVER_FETCH_REFUSED', `cannot reach the resolver at ${url} (${(err as Error).message})`, { data: { url }, cause: err });
  });
  const body = new Uint8Array(await res.arrayBuffer());
  if (res.status !== 200) {
    let code = 'unknown';
    try {
      code = String((JSON.parse(new TextDecoder().decode(body)) as { error?: unknown }).error ?? code).slice(0, 64);
    } catch {
      // Not a resolver's JSON refusal; the status says enough.
    }
    throw resolverError('RESOLVER_FETCH_REFUSED', `the resolver refused blake3:${hex}: ${res.status} ${code}`, { data: { url, status: res.status, error: code } });
  }
  if (blake3Hex(body) !== hex) throw resolverError('RESOLVER_DIGEST_MISMATCH', `the resolver's body does not hash to blake3:${hex}`, { data: { url } });
  const contentDigest = res.headers.get('content-digest');
  const expected = `sha-256=:${Buffer.from(sha256(body)).toString('base64')}:`;
  if (contentDigest !== null && contentDigest !== expected) {
    throw resolverError('RESOLVER_DIGEST_MISMATCH', `Content-Digest ${contentDigest.slice(0, 80)} does not match the body`, { data: { url } });
  }
  return { digest: `blake3:${hex}`, bytes: body };
}
