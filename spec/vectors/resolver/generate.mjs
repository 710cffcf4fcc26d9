#!/usr/bin/env node
// Writes tokens.json and audit-commits.json in this directory (deterministic). It uses jose, node:crypto,
// canonicalize, @noble/hashes and the git binary directly, not @gatos/opaque, so the test compares the
// resolver's code with independent implementations. Run: node spec/vectors/resolver/generate.mjs
import { createHmac, createPrivateKey, createPublicKey } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { SignJWT } from 'jose';
import { blake3 } from '@noble/hashes/blake3.js';

const here = new URL('.', import.meta.url).pathname;
const canonicalize = createRequire(import.meta.url)('canonicalize');
const hex = (b) => Buffer.from(b).toString('hex');
const seedOf = (name) => blake3(new TextEncoder().encode(`gatos-vector-key:${name}`));
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
function keyPair(name) {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seedOf(name)]), format: 'der', type: 'pkcs8' });
  const raw = createPublicKey(privateKey).export({ format: 'jwk' }).x;
  return { privateKey, publicKey: `ed25519:${Buffer.from(raw, 'base64url').toString('hex')}` };
}
const alice = keyPair('user:alice');
const mallory = keyPair('user:mallory');
const AUD = 'http://127.0.0.1:8080';
const IAT = 1768478400; // 2026-01-15T12:00:00Z
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const source = 'ADR-0016 (resolver tokens); signed with jose SignJWT over a node:crypto Ed25519 key';

async function sign(claims, key = alice) {
  return new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: key.publicKey }).sign(key.privateKey);
}

const mint = [];
for (const [name, scope, ttl] of [['unscoped, five minutes', undefined, 300], ['scoped to two classes, one hour', 'billing medical', 3600]]) {
  const claims = { sub: 'user:alice', aud: AUD, iat: IAT, exp: IAT + ttl, ...(scope ? { scope } : {}) };
  mint.push({ name, source, input: { actor: 'user:alice', seed_name: 'user:alice', aud: AUD, now: IAT, ttl_seconds: ttl, ...(scope ? { scope } : {}) }, expected: { token: await sign(claims), kid: alice.publicKey } });
}

const valid = await sign({ sub: 'user:alice', aud: AUD, iat: IAT, exp: IAT + 300 });
const [vh, , vs] = valid.split('.');
const verify = [
  { name: 'valid', token: valid, expected: { ok: true, sub: 'user:alice', scope: null } },
  { name: 'valid with scope', token: await sign({ sub: 'user:alice', aud: AUD, iat: IAT, exp: IAT + 300, scope: 'medical' }), expected: { ok: true, sub: 'user:alice', scope: ['medical'] } },
  { name: 'expired beyond the skew', token: await sign({ sub: 'user:alice', aud: AUD, iat: IAT - 1000, exp: IAT - 61 }), error: { reason: 'expired' } },
  { name: 'expired within the skew', token: await sign({ sub: 'user:alice', aud: AUD, iat: IAT - 1000, exp: IAT - 59 }), expected: { ok: true, sub: 'user:alice', scope: null } },
  { name: 'wrong audience', token: await sign({ sub: 'user:alice', aud: 'https://elsewhere.example', iat: IAT, exp: IAT + 300 }), error: { reason: 'wrong-audience' } },
  { name: 'audience array containing ours', token: await sign({ sub: 'user:alice', aud: ['https://elsewhere.example', AUD], iat: IAT, exp: IAT + 300 }), expected: { ok: true, sub: 'user:alice', scope: null } },
  { name: 'alg none', token: `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'user:alice', aud: AUD, exp: IAT + 300 })}.`, error: { reason: 'alg-not-allowed' } },
  { name: 'HS256 keyed with the public key', token: (() => { const i = `${b64({ alg: 'HS256', typ: 'JWT', kid: alice.publicKey })}.${b64({ sub: 'user:alice', aud: AUD, exp: IAT + 300 })}`; return `${i}.${createHmac('sha256', Buffer.from(alice.publicKey.slice(8), 'hex')).update(i).digest('base64url')}`; })(), error: { reason: 'alg-not-allowed' } },
  { name: 'payload altered after signing', token: `${vh}.${b64({ sub: 'user:alice', aud: AUD, iat: IAT, exp: IAT + 3000 })}.${vs}`, error: { reason: 'bad-signature' } },
  { name: 'signed by another key under alice\'s kid', token: await new SignJWT({ sub: 'user:alice', aud: AUD, iat: IAT, exp: IAT + 300 }).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: alice.publicKey }).sign(mallory.privateKey), error: { reason: 'bad-signature' } },
  { name: 'kid not a key of sub', token: await sign({ sub: 'user:alice', aud: AUD, iat: IAT, exp: IAT + 300 }, mallory), error: { reason: 'unknown-key' } },
  { name: 'sub not in the trust graph', token: await sign({ sub: 'user:mallory', aud: AUD, iat: IAT, exp: IAT + 300 }, mallory), error: { reason: 'unknown-subject' } },
  { name: 'lifetime over one hour', token: await sign({ sub: 'user:alice', aud: AUD, iat: IAT, exp: IAT + 3601 }), error: { reason: 'lifetime-too-long' } },
  { name: 'no iat and exp too far ahead', token: await sign({ sub: 'user:alice', aud: AUD, exp: IAT + 3700 }), error: { reason: 'lifetime-too-long' } },
  { name: 'not yet valid', token: await sign({ sub: 'user:alice', aud: AUD, nbf: IAT + 120, exp: IAT + 300 }), error: { reason: 'not-yet-valid' } },
  { name: 'issued in the future', token: await sign({ sub: 'user:alice', aud: AUD, iat: IAT + 600, exp: IAT + 900 }), error: { reason: 'issued-in-future' } },
  { name: 'missing exp', token: await sign({ sub: 'user:alice', aud: AUD, iat: IAT }), error: { reason: 'missing-claim' } },
  { name: 'missing aud', token: await sign({ sub: 'user:alice', iat: IAT, exp: IAT + 300 }), error: { reason: 'missing-claim' } },
  { name: 'scope with a bad class', token: await sign({ sub: 'user:alice', aud: AUD, iat: IAT, exp: IAT + 300, scope: 'Medical' }), error: { reason: 'bad-scope' } },
  { name: 'not a JWS', token: 'eyJhbGciOiJFZERTQSJ9', error: { reason: 'malformed-token' } },
].map(({ name, token, ...rest }) => ({ name, source, input: { token }, ...rest }));

writeFileSync(join(here, 'tokens.json'), `${JSON.stringify({
  comment: 'Resolver bearer tokens. Keys: seed = blake3(utf8("gatos-vector-key:" + name)). Verify cases: trust graph = {user:alice: [alice key]}, audience = aud below, now = 2026-01-15T12:00:00Z, skew 60 s, max lifetime 3600 s.',
  trust: { 'user:alice': [alice.publicKey] },
  aud: AUD,
  now: IAT,
  mint,
  verify,
}, null, 2)}\n`);

// Audit commits, built by git itself from the JCS record.
const dir = mkdtempSync(join(tmpdir(), 'gatos-vectors-'));
try {
  const git = (args, input, env = {}) => execFileSync('git', args, { cwd: dir, input, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', ...env } }).trim();
  git(['init', '-q']);
  const record = (o) => ({ ts: '2026-01-15T12:00:00Z', alg: 'blake3', digest: null, sub: null, claimed_sub: null, aud: AUD, decision: 'DENY', reason: 'no-token', detail: 'no Authorization header', status: 403, class: null, remote: '127.0.0.1', count: 1, ...o });
  const records = [
    record({ digest: `blake3:${'ab'.repeat(32)}`, sub: 'user:alice', decision: 'ALLOW', reason: 'ok', detail: '14 bytes by unclassed under policy 1111111111111111111111111111111111111111', status: 200 }),
    record({ digest: `blake3:${'ab'.repeat(32)}`, ts: '2026-01-15T12:00:01Z' }),
    record({ reason: 'over-audit-budget', detail: '7 unauthenticated refusals were over the audit budget', status: 0, count: 7, ts: '2026-01-15T12:01:00Z' }),
  ];
  let parent = null;
  const cases = [];
  for (const r of records) {
    const json = canonicalize(r);
    const blob = git(['hash-object', '-w', '--stdin'], json);
    const tree = git(['mktree'], `100644 blob ${blob}\tdecision.json\n`);
    const secs = Date.parse(r.ts) / 1000;
    const digest = r.digest ?? '-';
    const message = `gatos resolve: ${r.decision} ${digest} ${r.reason}\n\nAudit-Decision: ${r.decision}\nDigest: ${digest}\nSub: ${r.sub ?? '-'}\nReason: ${r.reason}\n`;
    const ident = { GIT_AUTHOR_NAME: 'gatos-resolver', GIT_AUTHOR_EMAIL: 'resolver@gatos', GIT_AUTHOR_DATE: `${secs} +0000`, GIT_COMMITTER_NAME: 'gatos-resolver', GIT_COMMITTER_EMAIL: 'resolver@gatos', GIT_COMMITTER_DATE: `${secs} +0000` };
    const commit = git(['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-F', '-'], message, ident);
    cases.push({ name: `${r.decision} ${r.reason}`, source: 'ADR-0016 (audit commit layout); built with git hash-object, mktree and commit-tree from canonicalize(record)', input: { record: r, parent }, expected: { decision_json_blake3: hex(blake3(new TextEncoder().encode(json))), commit } });
    parent = commit;
  }
  writeFileSync(join(here, 'audit-commits.json'), `${JSON.stringify({ comment: 'Resolver audit chain commits (refs/gatos/audit/resolve), each on the previous one.', cases }, null, 2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
