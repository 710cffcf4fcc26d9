import { formatPublicKey, parseActor, type Signer } from '@gatos/core';
import { normaliseAudience } from './audience.js';
import { resolverError } from './errors.js';
import { MAX_TOKEN_LIFETIME_SECONDS } from './parseTtl.js';
import { parseScope } from './tokenScope.js';

export interface ResolverTokenHeader {
  readonly alg: 'EdDSA';
  readonly typ: 'JWT';
  /** `ed25519:<hex>`: the signing key, which must be a current key of `sub` in the active trust graph. */
  readonly kid: string;
}

export interface ResolverTokenClaims {
  readonly sub: string;
  readonly aud: string;
  readonly iat: number;
  readonly exp: number;
  /** Space-separated classes, when the token is scoped. */
  readonly scope?: string;
}

export interface MintedToken {
  /** The compact JWS (`<header>.<claims>.<signature>`, base64url). */
  readonly token: string;
  readonly header: ResolverTokenHeader;
  readonly claims: ResolverTokenClaims;
}

/**
 * Mints a resolver token for `signer.actor` (ADR-0016): an EdDSA (Ed25519) JWT signed through the
 * `Signer` port, so the private key never leaves it. `nowSeconds` comes from the caller's clock;
 * Ed25519 is deterministic, so the same inputs give the same token.
 * Throws `RESOLVER_BAD_TTL`, `RESOLVER_BAD_AUDIENCE` or `RESOLVER_BAD_SCOPE`.
 *
 * @example
 * const { token } = mintResolverToken(signer, { aud: 'http://127.0.0.1:8080', ttlSeconds: 300, nowSeconds: 1764547200, scope: 'medical' });
 */
export function mintResolverToken(signer: Signer, options: { aud: string; ttlSeconds: number; nowSeconds: number; scope?: string }): MintedToken {
  parseActor(signer.actor);
  const { ttlSeconds, nowSeconds } = options;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_TOKEN_LIFETIME_SECONDS) {
    throw resolverError('RESOLVER_BAD_TTL', `token lifetime ${ttlSeconds} s must be a whole number from 1 to ${MAX_TOKEN_LIFETIME_SECONDS}`, { data: { ttl: ttlSeconds } });
  }
  if (!Number.isInteger(nowSeconds) || nowSeconds < 0) throw resolverError('RESOLVER_BAD_OPTION', `the clock reading ${nowSeconds} is not whole seconds since 1970`);
  const scope = options.scope === undefined ? null : parseScope(options.scope);
  const header: ResolverTokenHeader = { alg: 'EdDSA', typ: 'JWT', kid: formatPublicKey(signer.publicKey) };
  const claims: ResolverTokenClaims = {
    sub: signer.actor,
    aud: normaliseAudience(options.aud),
    iat: nowSeconds,
    exp: nowSeconds + ttlSeconds,
    ...(scope ? { scope: scope.join(' ') } : {}),
  };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const signature = Buffer.from(signer.sign(new TextEncoder().encode(signingInput))).toString('base64url');
  return { token: `${signingInput}.${signature}`, header, claims };
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
