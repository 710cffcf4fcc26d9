import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blake3Hex, formatPublicKey, sha256, type Clock } from '@gatos/core';
import { testGitEnv, withFailure } from '@gatos/testkit';
import {
  mintResolverToken, readResolveAudit, startResolver, RESOLVE_AUDIT_REF,
  type BlobClassIndex, type ResolveAuditEntry, type ResolverServer,
} from '../src/index.js';
import { MapBlobStore, RESOLVER_RULES, compactJws, makeResolverFixture, publishPolicy, rawRequest, trustGraph, type ResolverFixture } from './support/resolverFixture.js';

const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
const NOW = T0 / 1000;
const clock: Clock = { now: () => T0 };
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
// Generous budgets: this file makes many refusals from one address and checks each one's record.
const LIMITS = { perClient: { perSecond: 1, burst: 10_000 }, perSubject: { perSecond: 1, burst: 10_000 }, denyAuditPerClient: { perSecond: 1, burst: 10_000 } };

let rf: ResolverFixture;
let blobs: MapBlobStore;
let server: ResolverServer;
let plain: { hash: string; bytes: Uint8Array };
let scan: { hash: string; bytes: Uint8Array };
let unruled: { hash: string; bytes: Uint8Array };
const classOf = new Map<string, string>();
const classes: BlobClassIndex = { classOf: async (hash) => classOf.get(hash) ?? null };

const token = (signer = rf.alice, extra: { aud?: string; scope?: string; ttlSeconds?: number; nowSeconds?: number } = {}): string =>
  mintResolverToken(signer, { aud: extra.aud ?? server.url, ttlSeconds: extra.ttlSeconds ?? 300, nowSeconds: extra.nowSeconds ?? NOW, ...(extra.scope ? { scope: extra.scope } : {}) }).token;
const hexOf = (hash: string): string => hash.slice('blake3:'.length);
const get = (hash: string, bearer: string | null, headers: Record<string, string> = {}) =>
  rawRequest(server.url, `/resolve/blake3/${hexOf(hash)}`, { headers: { ...(bearer === null ? {} : { Authorization: `Bearer ${bearer}` }), ...headers } });
const lastRecord = async (): Promise<ResolveAuditEntry> => (await readResolveAudit(rf.fx.repo, { limit: 1 })).entries[0]!;

beforeAll(async () => {
  rf = await makeResolverFixture();
  blobs = new MapBlobStore();
  const put = async (text: string, cls: string | null) => {
    const bytes = enc(text);
    const { hash } = await blobs.put(bytes);
    if (cls !== null) classOf.set(hash, cls);
    return { hash, bytes };
  };
  plain = await put('hello resolver', null);
  scan = await put('ciphertext of a scan', 'medical');
  unruled = await put('a class nobody ruled on', 'unruled');
  server = await startResolver({ store: rf.fx.repo, blobs, classes, clock, limits: LIMITS });
});

afterAll(async () => {
  await server.close();
  await rf.fx.cleanup();
});

describe('resolver: serving authorised reads over HTTP', () => {
  it('answers a valid token with the bytes, digest headers that match the body, and an ALLOW record', async () => {
    const res = await get(plain.hash, token());
    expect(res.status).toBe(200);
    expect(new Uint8Array(res.body)).toEqual(plain.bytes);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['digest']).toBe(`blake3=${blake3Hex(res.body)}`);
    expect(res.headers['x-blake3-digest']).toBe(blake3Hex(res.body));
    expect(res.headers['content-digest']).toBe(`sha-256=:${Buffer.from(sha256(res.body)).toString('base64')}:`);
    expect(res.headers['cache-control']).toBe('no-store');
    const rec = await lastRecord();
    expect(rec).toMatchObject({ decision: 'ALLOW', reason: 'ok', digest: plain.hash, sub: 'user:alice', aud: server.url, alg: 'blake3', status: 200, class: null, count: 1, ts: '2026-01-15T12:00:00Z' });
  });

  it('serves a classed blob to a reader of the class whose token is scoped to it', async () => {
    const res = await get(scan.hash, token(rf.alice, { scope: 'medical' }));
    expect(res.status).toBe(200);
    expect(blake3Hex(res.body)).toBe(hexOf(scan.hash));
    expect(await lastRecord()).toMatchObject({ decision: 'ALLOW', class: 'medical', sub: 'user:alice' });
  });

  it('answers HEAD with the headers of the GET and no body, and JSON when asked', async () => {
    const head = await rawRequest(server.url, `/resolve/blake3/${hexOf(plain.hash)}`, { method: 'HEAD', headers: { Authorization: `Bearer ${token()}` } });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(String(plain.bytes.length));
    expect(head.headers['x-blake3-digest']).toBe(hexOf(plain.hash));

    const json = await get(plain.hash, token(), { Accept: 'application/json' });
    expect(json.status).toBe(200);
    expect(json.headers['content-type']).toBe('application/json');
    const doc = JSON.parse(json.body.toString('utf8')) as { status: number; digest: string; content_type: string; bytes_b64: string };
    expect(doc).toEqual({ status: 200, digest: plain.hash, content_type: 'application/octet-stream', bytes_b64: Buffer.from(plain.bytes).toString('base64') });
    expect(json.headers['x-blake3-digest']).toBe(hexOf(plain.hash));
    expect(json.headers['content-digest']).toBe(`sha-256=:${Buffer.from(sha256(json.body)).toString('base64')}:`);
  });

  it('serves parallel requests, each answered only after its own ALLOW record is on the chain', async () => {
    const before = (await readResolveAudit(rf.fx.repo)).total;
    const results = await Promise.all(Array.from({ length: 12 }, () => get(plain.hash, token())));
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(200));
    const after = await readResolveAudit(rf.fx.repo);
    expect(after.total).toBe(before + 12);
    expect(after.entries.slice(0, 12).every((e) => e.decision === 'ALLOW')).toBe(true);
  });
});

describe('resolver: refusals, each with its status and an audited DENY', () => {
  const hmacToken = (): string => compactJws({ alg: 'HS256', typ: 'JWT', kid: formatPublicKey(rf.alice.publicKey) }, { sub: 'user:alice', aud: server.url, iat: NOW, exp: NOW + 300 },
    (input) => createHmac('sha256', Buffer.from(rf.alice.publicKey)).update(input).digest());
  const noneToken = (): string => `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'user:alice', aud: server.url, exp: NOW + 300 })).toString('base64url')}.`;
  const tampered = (): string => {
    const [h, , s] = token().split('.');
    return `${h}.${Buffer.from(JSON.stringify({ sub: 'user:alice', aud: server.url, iat: NOW, exp: NOW + 300, scope: 'medical' })).toString('base64url')}.${s}`;
  };
  const forgedWithAliceKid = (): string => compactJws({ alg: 'EdDSA', typ: 'JWT', kid: formatPublicKey(rf.alice.publicKey) }, { sub: 'user:alice', aud: server.url, iat: NOW, exp: NOW + 300 }, (m) => rf.mallory.sign(m));
  const longLived = (): string => compactJws({ alg: 'EdDSA', typ: 'JWT', kid: formatPublicKey(rf.alice.publicKey) }, { sub: 'user:alice', aud: server.url, iat: NOW, exp: NOW + 7200 }, (m) => rf.alice.sign(m));
  const noExp = (): string => compactJws({ alg: 'EdDSA', typ: 'JWT', kid: formatPublicKey(rf.alice.publicKey) }, { sub: 'user:alice', aud: server.url, iat: NOW }, (m) => rf.alice.sign(m));
  const notYet = (): string => compactJws({ alg: 'EdDSA', typ: 'JWT', kid: formatPublicKey(rf.alice.publicKey) }, { sub: 'user:alice', aud: server.url, nbf: NOW + 600, exp: NOW + 900 }, (m) => rf.alice.sign(m));

  const cases: Array<[string, () => { hash: string; bearer: string | null; auth?: string }, number, string, string | null]> = [
    ['a missing token', () => ({ hash: plain.hash, bearer: null }), 403, 'no-token', null],
    ['a non-Bearer Authorization', () => ({ hash: plain.hash, bearer: null, auth: 'Basic YWxpY2U6cHc=' }), 403, 'no-token', null],
    ['garbage in place of a JWT', () => ({ hash: plain.hash, bearer: 'not.a.jwt' }), 403, 'malformed-token', null],
    ['an expired token', () => ({ hash: plain.hash, bearer: token(rf.alice, { nowSeconds: NOW - 3600, ttlSeconds: 300 }) }), 403, 'expired', null],
    ['a token for another audience', () => ({ hash: plain.hash, bearer: token(rf.alice, { aud: 'https://other.example' }) }), 403, 'wrong-audience', null],
    ['a token signed by an untrusted key', () => ({ hash: plain.hash, bearer: token(rf.mallory) }), 403, 'unknown-subject', 'user:mallory'],
    ['an untrusted key claiming a trusted subject', () => ({ hash: plain.hash, bearer: compactJws({ alg: 'EdDSA', typ: 'JWT', kid: formatPublicKey(rf.mallory.publicKey) }, { sub: 'user:alice', aud: server.url, iat: NOW, exp: NOW + 300 }, (m) => rf.mallory.sign(m)) }), 403, 'unknown-key', 'user:alice'],
    ['a forged signature under a trusted kid', () => ({ hash: plain.hash, bearer: forgedWithAliceKid() }), 403, 'bad-signature', null],
    ['a token whose payload was altered after signing', () => ({ hash: plain.hash, bearer: tampered() }), 403, 'bad-signature', null],
    ['an alg "none" token', () => ({ hash: plain.hash, bearer: noneToken() }), 403, 'alg-not-allowed', null],
    ['an HS256 token keyed with the public key', () => ({ hash: plain.hash, bearer: hmacToken() }), 403, 'alg-not-allowed', null],
    ['a token signed by a revoked key', () => ({ hash: plain.hash, bearer: token(rf.dave) }), 403, 'unknown-key', 'user:dave'],
    ['a token living two hours', () => ({ hash: plain.hash, bearer: longLived() }), 403, 'lifetime-too-long', null],
    ['a token without exp', () => ({ hash: plain.hash, bearer: noExp() }), 403, 'missing-claim', null],
    ['a token not yet valid', () => ({ hash: plain.hash, bearer: notYet() }), 403, 'not-yet-valid', null],
    ['a reader outside the class', () => ({ hash: scan.hash, bearer: token(rf.bob, { scope: 'medical' }) }), 403, 'class-denied', null],
    ['an unscoped token for a classed blob', () => ({ hash: scan.hash, bearer: token(rf.alice) }), 403, 'scope-excludes-class', null],
    ['a class without a rule', () => ({ hash: unruled.hash, bearer: token(rf.alice, { scope: 'unruled' }) }), 403, 'no-rule-for-class', null],
    ['an absent blob', () => ({ hash: `blake3:${'0'.repeat(64)}`, bearer: token() }), 404, 'not-found', null],
  ];

  it.each(cases)('refuses %s and records it', async (_name, make, status, reason, claimed) => {
    const { hash, bearer, auth } = make();
    const res = auth === undefined ? await get(hash, bearer) : await get(hash, null, { Authorization: auth });
    expect(res.status).toBe(status);
    expect(JSON.parse(res.body.toString('utf8'))).toEqual({ status, error: reason });
    const rec = await lastRecord();
    expect(rec).toMatchObject({ decision: 'DENY', reason, status, digest: hash, aud: server.url });
    const authenticated = ['class-denied', 'scope-excludes-class', 'no-rule-for-class', 'not-found'].includes(reason);
    expect(rec.sub).toBe(authenticated ? (reason === 'class-denied' ? 'user:bob' : 'user:alice') : null);
    if (claimed !== null) expect(rec.claimed_sub).toBe(claimed);
  });

  it('never reveals the bytes in a refusal', async () => {
    const res = await get(scan.hash, token(rf.bob, { scope: 'medical' }));
    expect(res.body.toString('utf8')).not.toContain('scan');
    expect(res.headers['x-blake3-digest']).toBeUndefined();
  });
});

describe('resolver: hostile requests', () => {
  const hex = (): string => hexOf(plain.hash);
  const targets = (): string[] => [
    '/resolve/blake3/../../etc/passwd',
    '/resolve/blake3/..%2F..%2Fetc%2Fpasswd',
    '/resolve/blake3/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/resolve/%2e%2e/blake3/' + hex(),
    '/resolve/blake3/' + hex() + '/',
    '/resolve/blake3/' + hex() + '/..',
    '/resolve/blake3/' + hex().toUpperCase(),
    '/resolve/blake3/' + hex() + '?download=1',
    '/resolve//blake3/' + hex(),
    '//resolve/blake3/' + hex(),
    '/resolve/blake3/..\\..\\etc\\passwd',
    '/resolve/blake3/%00' + hex(),
    '/resolve/sha256/' + hex(),
    '/resolve/blake3/' + hex().slice(2),
    '/etc/passwd',
    '/',
    '/../../../../etc/passwd',
  ];

  it('refuses path traversal and malformed targets with 400/404 without looking anything up', async () => {
    const lookups = blobs.lookups.length;
    for (const target of targets()) {
      const res = await rawRequest(server.url, target, { headers: { Authorization: `Bearer ${token()}` } });
      expect([400, 404], target).toContain(res.status);
      expect(res.body.toString('utf8'), target).not.toContain('root:');
      const rec = await lastRecord();
      expect(rec.decision, target).toBe('DENY');
      expect(rec.sub, target).toBeNull();
    }
    expect(blobs.lookups.length).toBe(lookups);
  });

  it('refuses other methods (405 with Allow), bodies (413), long targets (414) and oversized heads (431)', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
      const res = await rawRequest(server.url, `/resolve/blake3/${hex()}`, { method, headers: { Authorization: `Bearer ${token()}` } });
      expect(res.status, method).toBe(405);
      expect(res.headers['allow']).toBe('GET, HEAD');
    }
    const body = await rawRequest(server.url, `/resolve/blake3/${hex()}`, { headers: { Authorization: `Bearer ${token()}`, 'Content-Length': '5' }, body: 'hello' });
    expect(body.status).toBe(413);
    const long = await rawRequest(server.url, `/resolve/blake3/${hex()}${'a'.repeat(1000)}`, { headers: { Authorization: `Bearer ${token()}` } });
    expect(long.status).toBe(414);
    const heads = await rawRequest(server.url, `/resolve/blake3/${hex()}`, { headers: { Authorization: `Bearer ${token()}`, 'X-Pad': 'x'.repeat(20_000) } });
    expect(heads.status).toBe(431);
    expect(await lastRecord()).toMatchObject({ decision: 'DENY', reason: 'headers-too-large', status: 431 });
    const huge = await get(plain.hash, 'a'.repeat(5000));
    expect(huge.status).toBe(403);
    expect(await lastRecord()).toMatchObject({ reason: 'malformed-token' });
  });

  it('answers /healthz without auditing it', async () => {
    const before = (await readResolveAudit(rf.fx.repo)).total;
    const res = await rawRequest(server.url, '/healthz');
    expect(res.status).toBe(200);
    expect((await readResolveAudit(rf.fx.repo)).total).toBe(before);
  });
});

describe('resolver: rate limits, the DENY audit budget and audit failures', () => {
  it('rate-limits per client and per subject with 429 and Retry-After, audited', async () => {
    const pinned: Clock = { now: () => T0 };
    const s = await startResolver({ store: rf.fx.repo, blobs, classes, clock: pinned, limits: { ...LIMITS, perClient: { perSecond: 1, burst: 3 } } });
    try {
      const tok = mintResolverToken(rf.alice, { aud: s.url, ttlSeconds: 300, nowSeconds: NOW }).token;
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await rawRequest(s.url, `/resolve/blake3/${hexOf(plain.hash)}`, { headers: { Authorization: `Bearer ${tok}` } })).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const limited = await rawRequest(s.url, `/resolve/blake3/${hexOf(plain.hash)}`, { headers: { Authorization: `Bearer ${tok}` } });
      expect(limited.headers['retry-after']).toBe('1');
      expect(await lastRecord()).toMatchObject({ decision: 'DENY', reason: 'rate-limited', status: 429 });
    } finally {
      await s.close();
    }
    const perSub = await startResolver({ store: rf.fx.repo, blobs, classes, clock: pinned, limits: { ...LIMITS, perSubject: { perSecond: 1, burst: 2 } } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const tok = mintResolverToken(rf.alice, { aud: perSub.url, ttlSeconds: 300 - i, nowSeconds: NOW }).token;
        statuses.push((await rawRequest(perSub.url, `/resolve/blake3/${hexOf(plain.hash)}`, { headers: { Authorization: `Bearer ${tok}` } })).status);
      }
      expect(statuses).toEqual([200, 200, 429]);
      expect(await lastRecord()).toMatchObject({ reason: 'rate-limited', sub: 'user:alice' });
    } finally {
      await perSub.close();
    }
  });

  it('records unauthenticated refusals one by one only within the budget, then as one summary with their count', async () => {
    const s = await startResolver({ store: rf.fx.repo, blobs, classes, clock, limits: { ...LIMITS, denyAuditPerClient: { perSecond: 1, burst: 3 } } });
    const before = (await readResolveAudit(rf.fx.repo)).total;
    for (let i = 0; i < 10; i++) expect((await rawRequest(s.url, `/resolve/blake3/${hexOf(plain.hash)}`)).status).toBe(403);
    expect((await readResolveAudit(rf.fx.repo)).total).toBe(before + 3);
    const stats = await s.close();
    expect(stats).toMatchObject({ denied: 10, summarised: 7 });
    const after = await readResolveAudit(rf.fx.repo);
    expect(after.total).toBe(before + 4);
    expect(after.entries[0]).toMatchObject({ decision: 'DENY', reason: 'over-audit-budget', count: 7, remote: '127.0.0.1', digest: null });
    expect(after.entries[0]!.detail).toContain('no-token=7');
  });

  it('answers 503 and sends no bytes when the ALLOW record cannot be written', async () => {
    const refs = withFailure(rf.fx.repo.refs, { compareAndSwap: async () => { throw new Error('disk full'); } });
    const s = await startResolver({ store: { objects: rf.fx.repo.objects, refs }, blobs, classes, clock, limits: LIMITS });
    try {
      const before = (await readResolveAudit(rf.fx.repo)).total;
      const res = await rawRequest(s.url, `/resolve/blake3/${hexOf(plain.hash)}`, { headers: { Authorization: `Bearer ${mintResolverToken(rf.alice, { aud: s.url, ttlSeconds: 60, nowSeconds: NOW }).token}` } });
      expect(res.status).toBe(503);
      expect(JSON.parse(res.body.toString('utf8'))).toEqual({ status: 503, error: 'audit-unavailable' });
      expect(res.body.toString('utf8')).not.toContain('hello');
      expect((await readResolveAudit(rf.fx.repo)).total).toBe(before);
      expect(s.stats().auditFailures).toBe(1);
    } finally {
      await s.close();
    }
  });
});

describe('resolver: the audit chain', () => {
  it('is linear, canonical and refuses to read once a record is edited', async () => {
    const log = await readResolveAudit(rf.fx.repo);
    expect(log.total).toBeGreaterThan(20);
    expect(log.allowed + log.denied).toBe(log.requests);
    const tip = rf.fx.tmp.git('rev-parse', RESOLVE_AUDIT_REF);
    expect(rf.fx.tmp.git('rev-list', '--merges', '--count', tip)).toBe('0');
    expect(rf.fx.tmp.git('log', '-1', '--format=%an <%ae>%n%s', tip)).toMatch(/^gatos-resolver <resolver@gatos>\ngatos resolve: (ALLOW|DENY) /);

    // Rewrite the newest record's decision.json in a copy of the commit and point the ref at it.
    const edited = JSON.stringify({ ...log.entries[0]!, commit: undefined, decision: 'ALLOW' });
    const blobId = execInRepo(rf, ['hash-object', '-w', '--stdin'], edited);
    const tree = execInRepo(rf, ['mktree'], `100644 blob ${blobId}\tdecision.json\n`);
    const parent = rf.fx.tmp.git('rev-parse', `${tip}^`);
    const forged = execInRepo(rf, ['commit-tree', tree, '-p', parent, '-m', 'gatos resolve: ALLOW forged'], '');
    rf.fx.tmp.git('update-ref', RESOLVE_AUDIT_REF, forged, tip);
    try {
      await expect(readResolveAudit(rf.fx.repo)).rejects.toMatchObject({ code: 'RESOLVER_AUDIT_UNREADABLE', data: { commit: forged } });
    } finally {
      rf.fx.tmp.git('update-ref', RESOLVE_AUDIT_REF, tip, forged);
    }
  });
});

function execInRepo(f: ResolverFixture, args: string[], input: string): string {
  return execFileSync('git', args, { cwd: f.fx.tmp.dir, input, encoding: 'utf8', env: testGitEnv }).trim();
}

describe('resolver: slow clients and policy changes', () => {
  it('drops a client that does not finish its request head in time, with an audited 408', async () => {
    const s = await startResolver({ store: rf.fx.repo, blobs, classes, clock, limits: { ...LIMITS, headersTimeoutMs: 200, requestTimeoutMs: 400 } });
    try {
      const { hostname, port } = new URL(s.url);
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), hostname, () => socket.write(`GET /resolve/blake3/${hexOf(plain.hash)} HTTP/1.1\r\nHost: x\r\n`));
        let got = '';
        socket.on('data', (c: Buffer) => (got += c.toString('latin1')));
        socket.on('close', () => resolve(got));
        socket.on('error', reject);
      });
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
      expect(await lastRecord()).toMatchObject({ decision: 'DENY', reason: 'request-timeout', status: 408 });
    } finally {
      await s.close();
    }
  });

  it('follows the active policy: a revoked key and an invalid config/resolver.json are refused without a restart', async () => {
    const own = await makeResolverFixture();
    const s = await startResolver({ store: own.fx.repo, blobs, classes, clock, limits: { ...LIMITS, policyRefreshMs: 0 } });
    try {
      const fetchPlain = async (): Promise<number> =>
        (await rawRequest(s.url, `/resolve/blake3/${hexOf(plain.hash)}`, { headers: { Authorization: `Bearer ${mintResolverToken(own.bob, { aud: s.url, ttlSeconds: 60, nowSeconds: NOW }).token}` } })).status;
      expect(await fetchPlain()).toBe(200);
      const graph = trustGraph(own.alice, own.bob, own.dave);
      const bobKey = formatPublicKey(own.bob.publicKey);
      await publishPolicy(own.fx, { ...graph, actors: { ...graph.actors, 'user:bob': { keys: [], revoked_keys: [bobKey] } } }, RESOLVER_RULES);
      expect(await fetchPlain()).toBe(403);
      expect((await readResolveAudit(own.fx.repo, { limit: 1 })).entries[0]).toMatchObject({ reason: 'unknown-key', claimed_sub: 'user:bob' });
      await publishPolicy(own.fx, graph, '{"version":1,"classes":{"x":{"readers":["@nobody"]}}}');
      expect(await fetchPlain()).toBe(403);
      expect((await readResolveAudit(own.fx.repo, { limit: 1 })).entries[0]).toMatchObject({ reason: 'policy-invalid' });
      await publishPolicy(own.fx, graph, RESOLVER_RULES);
      expect(await fetchPlain()).toBe(200);
    } finally {
      await s.close();
      await own.fx.cleanup();
    }
  });
});
