import { describe, expect, it } from 'vitest';
import { emptyTrustGraph, withActorKey, withGroup } from '@gatos/policy';
import { testSigner } from '@gatos/testkit';
import { formatPublicKey } from '@gatos/core';
import {
  authorizeRead, defaultResolverPolicy, normaliseAudience, parseResolvePath, parseResolverPolicy, parseScope, parseTtl,
} from '../src/index.js';
import { findDuplicateKey } from '../src/resolver/findDuplicateKey.js';

const alice = testSigner('user:alice');
const trust = withGroup(withActorKey(withActorKey(emptyTrustGraph(), 'user:alice', formatPublicKey(alice.publicKey)), 'user:bob', formatPublicKey(testSigner('user:bob').publicKey)), 'clinicians', ['user:alice']);
const HEX = 'ab'.repeat(32);

describe('resolver rules: config/resolver.json', () => {
  it('parses classes and resolves groups; absent unclassed means any trusted actor', () => {
    const p = parseResolverPolicy('{"version":1,"classes":{"medical":{"readers":["@clinicians","user:carol"]},"public":{"readers":["*"]}}}', trust);
    expect(p.declared).toBe(true);
    expect(p.unclassed).toEqual({ entries: ['*'], anyTrusted: true, actors: [] });
    expect(p.classes.medical).toEqual({ entries: ['@clinicians', 'user:carol'], anyTrusted: false, actors: ['user:alice', 'user:carol'] });
    expect(Object.keys(p.classes)).toEqual(['medical', 'public']);
    expect(parseResolverPolicy('{"version":1,"unclassed":{"readers":[]}}', trust).unclassed.actors).toEqual([]);
  });

  it.each([
    ['not JSON', '{version:1}', 'is not valid JSON'],
    ['a missing version', '{"classes":{}}', 'must be an object with "version": 1'],
    ['an unknown top-level key', '{"version":1,"class":{}}', 'unknown key "class" at the top level (allowed: version, unclassed, classes)'],
    ['an unknown rule key', '{"version":1,"classes":{"x":{"reader":["*"]}}}', 'unknown key "reader" in class x (allowed: readers)'],
    ['a duplicate key', '{"version":1,"classes":{"x":{"readers":["*"]},"x":{"readers":[]}}}', 'key "x" appears twice in one object'],
    ['a bad class name', '{"version":1,"classes":{"Medical":{"readers":["*"]}}}', 'class name "Medical" must match'],
    ['an unknown group', '{"version":1,"classes":{"x":{"readers":["@leads"]}}}', 'class x: group @leads is not in the bundle\'s trust graph (known: @clinicians;'],
    ['a bad reader', '{"version":1,"classes":{"x":{"readers":["alice"]}}}', 'class x: reader "alice" is not "*", an actor or an @group'],
    ['readers not a list', '{"version":1,"classes":{"x":{"readers":"*"}}}', 'class x: "readers" must be an array of strings'],
    ['a prototype-named group', '{"version":1,"classes":{"x":{"readers":["@constructor"]}}}', 'class x: group @constructor is not in the bundle\'s trust graph'],
  ])('refuses %s with RESOLVER_POLICY_INVALID naming the file', (_name, text, message) => {
    expect(() => parseResolverPolicy(text, trust)).toThrow(expect.objectContaining({ code: 'RESOLVER_POLICY_INVALID', message: expect.stringContaining(`gatos/config/resolver.json: ${message}`) }));
  });

  it('finds duplicate keys at any depth, not in strings or arrays', () => {
    expect(findDuplicateKey('{"a":1,"b":{"c":[{"d":1},{"d":2}],"e":"\\"a\\":"},"a":2}')).toBe('a');
    expect(findDuplicateKey('{"a":{"x":1,"x":2}}')).toBe('x');
    expect(findDuplicateKey('{"a":["a","a"],"b":{"a":1}}')).toBeNull();
    expect(findDuplicateKey('[{"k":1},{"k":1}]')).toBeNull();
  });
});

describe('resolver rules: who reads which class', () => {
  const rules = parseResolverPolicy('{"version":1,"classes":{"medical":{"readers":["@clinicians"]}}}', trust);

  it('applies scope, then the class rule, then the readers', () => {
    expect(authorizeRead(rules, { sub: 'user:bob', blobClass: null, scope: null })).toEqual({ allow: true, rule: 'unclassed' });
    expect(authorizeRead(rules, { sub: 'user:bob', blobClass: null, scope: ['medical'] })).toEqual({ allow: true, rule: 'unclassed' });
    expect(authorizeRead(rules, { sub: 'user:alice', blobClass: 'medical', scope: ['medical'] })).toEqual({ allow: true, rule: 'classes.medical' });
    expect(authorizeRead(rules, { sub: 'user:alice', blobClass: 'medical', scope: null })).toMatchObject({ allow: false, reason: 'scope-excludes-class' });
    expect(authorizeRead(rules, { sub: 'user:alice', blobClass: 'medical', scope: ['billing'] })).toMatchObject({ allow: false, reason: 'scope-excludes-class' });
    expect(authorizeRead(rules, { sub: 'user:bob', blobClass: 'medical', scope: ['medical'] })).toMatchObject({ allow: false, reason: 'class-denied', detail: 'user:bob is not a reader of classes.medical (readers: @clinicians)' });
    expect(authorizeRead(rules, { sub: 'user:alice', blobClass: 'billing', scope: ['billing'] })).toMatchObject({ allow: false, reason: 'no-rule-for-class' });
    // A class named like an Object.prototype member finds no rule.
    expect(authorizeRead(rules, { sub: 'user:alice', blobClass: 'constructor', scope: ['constructor'] })).toMatchObject({ allow: false, reason: 'no-rule-for-class' });
  });

  it('defaults, without config/resolver.json, to unclassed reads for any trusted actor and no classed reads', () => {
    const d = defaultResolverPolicy();
    expect(authorizeRead(d, { sub: 'user:bob', blobClass: null, scope: null }).allow).toBe(true);
    expect(authorizeRead(d, { sub: 'user:alice', blobClass: 'medical', scope: ['medical'] })).toMatchObject({ allow: false, reason: 'no-rule-for-class' });
  });
});

describe('resolver rules: tokens, audiences and targets', () => {
  it('parses lifetimes up to one hour', () => {
    expect([parseTtl('300'), parseTtl('90s'), parseTtl('5m'), parseTtl('1h')]).toEqual([300, 90, 300, 3600]);
    for (const bad of ['0', '5 m', '-5m', '1d', '2h', '61m', '', 'PT5M', '05m']) {
      expect(() => parseTtl(bad), bad).toThrow(expect.objectContaining({ code: 'RESOLVER_BAD_TTL' }));
    }
  });

  it('spells an audience one way', () => {
    expect(normaliseAudience('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080');
    expect(normaliseAudience('HTTP://Example.COM')).toBe('http://example.com');
    expect(normaliseAudience('https://r.example/resolver')).toBe('https://r.example/resolver');
    expect(normaliseAudience('urn:gatos:resolver')).toBe('urn:gatos:resolver');
    for (const bad of ['', 'a b', 'x\ny', 'u'.repeat(600)]) expect(() => normaliseAudience(bad)).toThrow(expect.objectContaining({ code: 'RESOLVER_BAD_AUDIENCE' }));
  });

  it('parses scopes as sorted class names', () => {
    expect(parseScope(undefined)).toBeNull();
    expect(parseScope('medical billing medical')).toEqual(['billing', 'medical']);
    for (const bad of ['', 'a  b', ' a', 'Medical', 'a,b', 42, ['a'], Array(17).fill('a').map((a, i) => a + i).join(' ')]) {
      expect(() => parseScope(bad), String(bad)).toThrow(expect.objectContaining({ code: 'RESOLVER_BAD_SCOPE' }));
    }
  });

  it('routes only exact targets', () => {
    expect(parseResolvePath(`/resolve/blake3/${HEX}`)).toEqual({ kind: 'resolve', algo: 'blake3', hex: HEX });
    expect(parseResolvePath('/healthz')).toEqual({ kind: 'health' });
    expect(parseResolvePath(`/resolve/sha256/${HEX}`)).toMatchObject({ kind: 'refused', status: 400, reason: 'unsupported-algorithm' });
    expect(parseResolvePath(`/resolve/blake3/${HEX.toUpperCase()}`)).toMatchObject({ kind: 'refused', status: 400, reason: 'bad-digest' });
    expect(parseResolvePath('/resolve/blake3/../../etc/passwd')).toMatchObject({ kind: 'refused', status: 400, reason: 'bad-path' });
    expect(parseResolvePath('/favicon.ico')).toMatchObject({ kind: 'refused', status: 404, reason: 'no-route' });
  });

  it('never routes a fuzzed target that is not exactly /resolve/blake3/<hex> (seeded)', () => {
    let seed = 0x9e3779b9;
    const rand = (n: number): number => {
      seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6b43a9b5) >>> 0;
      return seed % n;
    };
    const alphabet = ['/', '.', '%', '2', 'e', 'f', 'F', 'a', '0', '\\', '?', '#', '\u0000', 'blake3', 'resolve', HEX, '..', '%2e', '%2f', ';', ' '];
    for (let i = 0; i < 2000; i++) {
      const parts = Array.from({ length: 1 + rand(8) }, () => alphabet[rand(alphabet.length)]!);
      const target = (rand(2) ? '/resolve/blake3/' : '/') + parts.join('');
      const route = parseResolvePath(target);
      if (route.kind === 'resolve') expect(target).toBe(`/resolve/blake3/${route.hex}`);
      if (route.kind === 'resolve') expect(route.hex).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});

describe('@gatos/opaque resolver surface', () => {
  it('exports exactly the resolver API it documents (changing it is deliberate: update this list)', async () => {
    const names = [
      'ActiveResolverPolicy', 'CLASS_NAME', 'DEFAULT_RESOLVER_LIMITS', 'MAX_SCOPE_CLASSES', 'MAX_TOKEN_BYTES', 'MAX_TOKEN_LIFETIME_SECONDS', 'NO_CLASSES',
      'RESOLVER_POLICY_PATH', 'RESOLVE_AUDIT_REF', 'RESOLVE_DECISION_FILE', 'RepoClassIndex', 'ResolveAuditLog', 'VerifyKeyCache', 'authorizeRead',
      'buildResolveAuditCommit', 'defaultResolverPolicy', 'fetchResolved', 'handleResolve', 'loadResolverAuthority', 'mintResolverToken', 'normaliseAudience',
      'parseResolvePath', 'parseResolverPolicy', 'parseScope', 'parseTtl', 'readResolveAudit', 'recordBlobClasses', 'startResolver', 'verifyResolverToken',
    ];
    const exported = Object.keys(await import('../src/index.js'));
    expect(names.filter((n) => !exported.includes(n))).toEqual([]);
    // Internals stay internal.
    expect(exported).not.toContain('findDuplicateKey');
    expect(exported).not.toContain('TokenBuckets');
    expect(exported).not.toContain('DenyAuditBudget');
  });
});
