import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify, type JWTPayload } from 'jose';
import { isGatosError, parseActor, parsePublicKey, formatPublicKey } from '@gatos/core';
import { isActorKey, type TrustGraph } from '@gatos/policy';
import { MAX_TOKEN_LIFETIME_SECONDS } from './parseTtl.js';
import { parseScope } from './tokenScope.js';
import { safeText } from './safeText.js';

/** Why a token was refused (recorded as the audit `reason`). */
export type TokenRefusal =
  | 'malformed-token'
  | 'alg-not-allowed'
  | 'unknown-subject'
  | 'unknown-key'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'issued-in-future'
  | 'wrong-audience'
  | 'missing-claim'
  | 'lifetime-too-long'
  | 'bad-scope';

export interface VerifiedToken {
  readonly sub: string;
  /** `ed25519:<hex>` of the key that signed. */
  readonly kid: string;
  readonly aud: string;
  readonly exp: number;
  readonly iat: number | null;
  /** Classes the token is scoped to (sorted), or null when unscoped. */
  readonly scope: readonly string[] | null;
}

export type TokenCheck =
  | { readonly ok: true; readonly token: VerifiedToken }
  | { readonly ok: false; readonly reason: TokenRefusal; readonly detail: string; readonly claimedSub: string | null };

export interface TokenCheckOptions {
  /** The trust graph of the active policy: `sub` must have the `kid` key, unrevoked. */
  readonly trust: TrustGraph;
  /** The resolver's audience; `aud` must equal it (or, as an array, contain it). */
  readonly audience: string;
  readonly nowMs: number;
  readonly clockSkewSeconds?: number;
  readonly maxLifetimeSeconds?: number;
  readonly keys?: VerifyKeyCache;
}

/** Longest token text looked at; a compact EdDSA JWT with a few classes is well under 1 KiB. */
export const MAX_TOKEN_BYTES = 4096;
const ALGORITHM = 'EdDSA';

/**
 * Checks a resolver bearer token (ADR-0016): compact JWS, `alg` EdDSA only, `kid` = an unrevoked
 * `ed25519:` key of `sub` in the active trust graph, signature verified with jose; `sub`, `aud` and `exp`
 * required, `aud` equal to the resolver's, `exp`/`nbf`/`iat` checked with a small skew, lifetime at most
 * one hour; `scope` (optional) parsed to class names. Never throws for a bad token: the token is
 * attacker-controlled, so every failure is a refusal with a reason.
 *
 * @example
 * const check = await verifyResolverToken(token, { trust, audience: 'http://127.0.0.1:8080', nowMs: clock.now() });
 * if (!check.ok) console.log(check.reason); // 'expired'
 */
export async function verifyResolverToken(token: string, options: TokenCheckOptions): Promise<TokenCheck> {
  const skew = options.clockSkewSeconds ?? 60;
  const maxLifetime = options.maxLifetimeSeconds ?? MAX_TOKEN_LIFETIME_SECONDS;
  const now = Math.floor(options.nowMs / 1000);
  let claimedSub: string | null = null;
  const refuse = (reason: TokenRefusal, detail: string): TokenCheck => ({ ok: false, reason, detail, claimedSub });
  if (token.length > MAX_TOKEN_BYTES) return refuse('malformed-token', `token is over ${MAX_TOKEN_BYTES} bytes`);

  // Unauthenticated peek: only to find which key to verify with. Nothing here is trusted yet.
  let header: { alg?: unknown; kid?: unknown };
  let unverified: JWTPayload;
  try {
    header = decodeProtectedHeader(token);
    unverified = decodeJwt(token);
  } catch {
    return refuse('malformed-token', 'not a compact JWS with a JSON header and claims');
  }
  if (typeof unverified.sub === 'string' && isActorText(unverified.sub)) claimedSub = unverified.sub;
  if (header.alg !== ALGORITHM) return refuse('alg-not-allowed', `alg ${safeText(header.alg)} is not allowed (EdDSA only)`);
  if (typeof unverified.sub !== 'string') return refuse('missing-claim', 'token has no "sub" claim');
  if (claimedSub === null) return refuse('unknown-subject', `sub ${safeText(unverified.sub)} is not an actor`);
  if (!Object.hasOwn(options.trust.actors, claimedSub)) {
    return refuse('unknown-subject', `${claimedSub} is not in the active policy's trust graph`);
  }
  const kid = typeof header.kid === 'string' ? keyText(header.kid) : null;
  if (kid === null) return refuse('unknown-key', `kid ${safeText(header.kid)} is not an ed25519:<hex> public key`);
  if (!isActorKey(options.trust, claimedSub, kid)) return refuse('unknown-key', `${kid} is not a current (unrevoked) key of ${claimedSub} in the active trust graph`);

  let payload: JWTPayload;
  try {
    const key = await (options.keys ?? sharedKeys).get(kid);
    ({ payload } = await jwtVerify(token, key, {
      algorithms: [ALGORITHM],
      audience: options.audience,
      clockTolerance: skew,
      currentDate: new Date(now * 1000),
      requiredClaims: ['sub', 'aud', 'exp'],
    }));
  } catch (err) {
    const [reason, detail] = joseRefusal(err);
    return refuse(reason, detail);
  }
  const exp = payload.exp!;
  const iat = typeof payload.iat === 'number' ? payload.iat : null;
  if (iat !== null && iat > now + skew) return refuse('issued-in-future', `iat ${iat} is after now (${now}) by more than ${skew} s`);
  if (exp - now > maxLifetime + skew || (iat !== null && exp - iat > maxLifetime)) {
    return refuse('lifetime-too-long', `token lives over ${maxLifetime} s (mint short-lived tokens)`);
  }
  let scope: string[] | null;
  try {
    scope = parseScope(payload.scope);
  } catch (err) {
    return refuse('bad-scope', (err as Error).message);
  }
  return { ok: true, token: { sub: claimedSub, kid, aud: options.audience, exp, iat, scope } };
}

/** Imported verification keys by `ed25519:<hex>`; bounded, because trust graphs change over a server's life. */
export class VerifyKeyCache {
  private readonly keys = new Map<string, ReturnType<typeof importJWK>>();
  constructor(private readonly max = 4096) {}

  get(kid: string): ReturnType<typeof importJWK> {
    let key = this.keys.get(kid);
    if (key === undefined) {
      if (this.keys.size >= this.max) this.keys.clear();
      const x = Buffer.from(parsePublicKey(kid)).toString('base64url');
      key = importJWK({ kty: 'OKP', crv: 'Ed25519', x }, ALGORITHM);
      this.keys.set(kid, key);
    }
    return key;
  }
}

const sharedKeys = new VerifyKeyCache();

function joseRefusal(err: unknown): [TokenRefusal, string] {
  const e = err as { code?: unknown; claim?: unknown; reason?: unknown; message?: unknown };
  const message = safeText(e.message, 160);
  switch (e.code) {
    case 'ERR_JWT_EXPIRED':
      return ['expired', message];
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return ['bad-signature', 'signature does not verify under the kid key'];
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return ['alg-not-allowed', message];
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (e.reason === 'missing') return ['missing-claim', message];
      if (e.claim === 'aud') return ['wrong-audience', message];
      if (e.claim === 'nbf') return ['not-yet-valid', message];
      if (e.claim === 'iat') return ['issued-in-future', message];
      return ['malformed-token', message];
    default:
      return ['malformed-token', message];
  }
}

function isActorText(text: string): boolean {
  try {
    parseActor(text);
    return true;
  } catch {
    return false;
  }
}

function keyText(text: string): string | null {
  try {
    return formatPublicKey(parsePublicKey(text));
  } catch (err) {
    if (isGatosError(err)) return null;
    throw err;
  }
}
