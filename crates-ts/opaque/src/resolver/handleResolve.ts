import { blake3Hex, formatTimestamp, isGatosError, type Clock } from '@gatos/core';
import type { BlobStore } from '../blobStore.js';
import type { ActiveResolverPolicy, ResolverAuthority } from './activeResolverPolicy.js';
import { authorizeRead } from './authorizeRead.js';
import type { BlobClassIndex } from './blobClassIndex.js';
import { parseResolvePath } from './parseResolvePath.js';
import type { ResolveAuditRecord } from './resolveAuditRecord.js';
import type { ResolverLimits } from './resolverLimits.js';
import type { TokenBuckets } from './tokenBuckets.js';
import { verifyResolverToken, type VerifyKeyCache } from './verifyResolverToken.js';

/** What the server passes on from one HTTP request (all of it attacker-controlled). */
export interface ResolveRequest {
  readonly method: string;
  /** The raw request target (`req.url`), not decoded. */
  readonly target: string;
  readonly authorization: string | undefined;
  readonly remote: string | null;
  /** True when the request announces a body (`Content-Length` > 0 or `Transfer-Encoding`). */
  readonly hasBody: boolean;
}

export interface ResolveOutcome {
  readonly status: number;
  /** `ok`, `health`, or the refusal code recorded. */
  readonly reason: string;
  /** `blake3:<hex>` of the blob served (200 only). */
  readonly digest: string | null;
  /** The blob's bytes (200 only), verified against the digest. */
  readonly bytes: Uint8Array | null;
  /** The decision to append before answering; null for `/healthz`. */
  readonly record: ResolveAuditRecord | null;
  /** True for refusals of callers not (yet) authenticated or over a rate: subject to the DENY audit budget. */
  readonly budgeted: boolean;
  /** Seconds for `Retry-After` (429 only). */
  readonly retryAfter: number | null;
}

export interface ResolveDeps {
  readonly audience: string;
  readonly policy: ActiveResolverPolicy;
  readonly blobs: BlobStore;
  readonly classes: BlobClassIndex;
  readonly clock: Clock;
  readonly limits: ResolverLimits;
  readonly perClient: TokenBuckets;
  readonly perSubject: TokenBuckets;
  readonly keys: VerifyKeyCache;
}

const BEARER = /^Bearer ([A-Za-z0-9_=.-]+)$/i;

/**
 * Decides one resolver request (ADR-0016) in this order: per-client rate, method, target length, no
 * body, route, bearer token present, active policy, token (signature, claims, trust graph), per-subject
 * rate, blob present, read rule for the blob's class, blob bytes verified against the digest.
 * Returns the answer and the audit record to append before answering; never throws for bad input.
 */
export async function handleResolve(req: ResolveRequest, deps: ResolveDeps): Promise<ResolveOutcome> {
  const nowMs = deps.clock.now();
  let digest: string | null = null;
  let sub: string | null = null;
  let claimedSub: string | null = null;
  let blobClass: string | null = null;
  const record = (decision: 'ALLOW' | 'DENY', status: number, reason: string, detail: string): ResolveAuditRecord => ({
    ts: formatTimestamp(Math.floor(nowMs / 1000)),
    alg: 'blake3',
    digest,
    sub,
    claimed_sub: claimedSub,
    aud: deps.audience,
    decision,
    reason,
    detail,
    status,
    class: blobClass,
    remote: req.remote,
    count: 1,
  });
  const deny = (status: number, reason: string, detail: string, budgeted: boolean, retryAfter: number | null = null): ResolveOutcome => ({
    status, reason, digest: null, bytes: null, record: record('DENY', status, reason, detail), budgeted, retryAfter,
  });

  const isRead = req.method === 'GET' || req.method === 'HEAD';
  if (req.target === '/healthz' && isRead) return { status: 200, reason: 'health', digest: null, bytes: null, record: null, budgeted: false, retryAfter: null };
  const client = req.remote ?? '(unknown)';
  if (!deps.perClient.take(client)) return deny(429, 'rate-limited', `client ${client} is over ${deps.limits.perClient.perSecond} requests/s`, true, deps.perClient.retryAfter(client));
  if (!isRead) return deny(405, 'bad-method', 'only GET and HEAD are served', true);
  if (req.target.length > deps.limits.maxUrlBytes) return deny(414, 'url-too-long', `request target is over ${deps.limits.maxUrlBytes} bytes`, true);
  if (req.hasBody) return deny(413, 'body-not-allowed', 'a resolve request has no body', true);
  const route = parseResolvePath(req.target);
  if (route.kind === 'refused') return deny(route.status, route.reason, route.detail, true);
  if (route.kind === 'health') return deny(404, 'no-route', 'only GET /resolve/blake3/<hex> is served', true);
  digest = `blake3:${route.hex}`;

  const bearer = req.authorization === undefined ? null : BEARER.exec(req.authorization);
  if (bearer === null) {
    return deny(403, 'no-token', req.authorization === undefined ? 'no Authorization header' : 'Authorization is not "Bearer <JWT>"', true);
  }
  let authority: ResolverAuthority;
  try {
    authority = await deps.policy.get();
  } catch (err) {
    const noPolicy = isGatosError(err, 'RESOLVER_NO_POLICY');
    return deny(403, noPolicy ? 'no-active-policy' : 'policy-invalid', err instanceof Error ? err.message : String(err), true);
  }
  const check = await verifyResolverToken(bearer[1]!, {
    trust: authority.trust,
    audience: deps.audience,
    nowMs,
    clockSkewSeconds: deps.limits.clockSkewSeconds,
    maxLifetimeSeconds: deps.limits.maxTokenLifetimeSeconds,
    keys: deps.keys,
  });
  if (!check.ok) {
    claimedSub = check.claimedSub;
    return deny(403, check.reason, check.detail, true);
  }
  sub = check.token.sub;
  if (!deps.perSubject.take(sub)) return deny(429, 'rate-limited', `${sub} is over ${deps.limits.perSubject.perSecond} requests/s`, true, deps.perSubject.retryAfter(sub));

  try {
    if (!(await deps.blobs.has(digest))) return deny(404, 'not-found', `${digest} is not in the store`, false);
    blobClass = await deps.classes.classOf(digest);
    const decision = authorizeRead(authority.rules, { sub, blobClass, scope: check.token.scope });
    if (!decision.allow) return deny(403, decision.reason, decision.detail, false);
    const bytes = await deps.blobs.get(digest);
    if (bytes === null) return deny(404, 'not-found', `${digest} is not in the store`, false);
    // The store verifies on read; checking again costs little and keeps a broken adapter from serving wrong bytes.
    if (blake3Hex(bytes) !== route.hex) return deny(500, 'store-corrupt', `the stored bytes do not hash to ${digest}`, false);
    return {
      status: 200,
      reason: 'ok',
      digest,
      bytes,
      record: record('ALLOW', 200, 'ok', `${bytes.length} bytes by ${decision.rule} under policy ${authority.policyRoot}`),
      budgeted: false,
      retryAfter: null,
    };
  } catch (err) {
    return deny(500, 'store-error', err instanceof Error ? err.message.slice(0, 300) : String(err).slice(0, 300), false);
  }
}
