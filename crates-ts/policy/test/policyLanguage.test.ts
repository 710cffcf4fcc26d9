import { describe, expect, it } from 'vitest';
import { POLICY_RULES, bundleDigests, checkEventAgainstRules, compileBundle, emptyTrustGraph, policyRulesFromFiles, withGroup, type PolicyRules } from '../src/index.js';
import { thrown } from './support/thrown.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const trust = withGroup(
  { ...emptyTrustGraph(), actors: { 'user:alice': { keys: [], revoked_keys: [] }, 'user:bob': { keys: [], revoked_keys: [] }, 'user:carol': { keys: [], revoked_keys: [] } } },
  'finance', ['user:alice'],
);
const FINANCE = `version: 1
namespaces:
  finance:
    writers: ["@finance", user:carol]
    max_event_bytes: 1000
    types:
      "invoice.*": { caps: [finance:write] }
      invoice.void: { caps: [finance:admin, finance:write] }
  ops:
    writers: ["*"]
`;
const rulesOf = (files: Record<string, string>): PolicyRules =>
  policyRulesFromFiles(new Map(Object.entries(files).map(([p, t]) => [p, enc(t)])), trust);


describe('policy language: parsing', () => {
  it('parses namespaces, resolves groups and sorts everything', () => {
    const rules = rulesOf({ 'policies/finance.yaml': FINANCE });
    expect(rules.files).toEqual(['policies/finance.yaml']);
    expect(rules.trustedActors).toEqual(['user:alice', 'user:bob', 'user:carol']);
    expect(rules.namespaces.map((n) => n.ns)).toEqual(['finance', 'ops']);
    const finance = rules.namespaces[0]!;
    expect(finance).toMatchObject({
      source: 'policies/finance.yaml:3',
      writers: { entries: ['@finance', 'user:carol'], anyTrusted: false, actors: ['user:alice', 'user:carol'] },
      maxEventBytes: 1000,
    });
    expect(finance.types).toEqual([
      { pattern: 'invoice.*', caps: ['finance:write'], source: 'policies/finance.yaml:7' },
      { pattern: 'invoice.void', caps: ['finance:admin', 'finance:write'], source: 'policies/finance.yaml:8' },
    ]);
  });

  it('ignores governance.yaml and non-YAML files, whatever they hold', () => {
    const rules = rulesOf({ 'policies/governance.yaml': 'governance: {publish.artifact: {quorum: {at_least: 2, group: leads}}}\n', 'policies/notes.txt': 'x', 'config/profile.yaml': 'profile: default\n' });
    expect(rules).toEqual({ files: [], trustedActors: ['user:alice', 'user:bob', 'user:carol'], namespaces: [] });
  });

  it.each([
    ['an unknown top-level key', 'version: 1\nnamespace: {}\n', 'gatos/policies/p.yaml:2: unknown key "namespace" at the top level (allowed: version, namespaces)'],
    ['an unknown namespace key', 'version: 1\nnamespaces:\n  finance:\n    writer: [user:alice]\n', 'gatos/policies/p.yaml:4: unknown key "writer" in namespace finance (allowed: writers, types, max_event_bytes, predicate)'],
    ['an unknown type key', 'version: 1\nnamespaces:\n  finance:\n    types:\n      "invoice.*": {cap: [a:b]}\n', 'gatos/policies/p.yaml:5: unknown key "cap" in type invoice.* of namespace finance (allowed: caps)'],
    ['a missing version', 'namespaces: {}\n', 'gatos/policies/p.yaml:1: "version: 1" is required'],
    ['a bad type pattern', 'version: 1\nnamespaces:\n  finance:\n    types:\n      "inv*ce": {caps: [a:b]}\n', 'gatos/policies/p.yaml:5: type pattern "inv*ce" may use "*" only alone or as a final ".*"'],
    ['a bad capability', 'version: 1\nnamespaces:\n  finance:\n    types:\n      "*": {caps: [write]}\n', 'gatos/policies/p.yaml:5: capability "write" must look like <scope>:<verb>'],
    ['an unknown group', 'version: 1\nnamespaces:\n  finance:\n    writers: ["@leads"]\n', 'gatos/policies/p.yaml:4: group @leads is not in the bundle\'s trust graph (known: @finance;'],
    ['a bad writer', 'version: 1\nnamespaces:\n  finance:\n    writers: [alice]\n', 'gatos/policies/p.yaml:4: writer "alice":'],
    ['a bad namespace', 'version: 1\nnamespaces:\n  Fin/ance: {}\n', 'gatos/policies/p.yaml:3: namespace "Fin/ance" must start'],
    ['a non-integer size', 'version: 1\nnamespaces:\n  finance:\n    max_event_bytes: 1.5\n', 'gatos/policies/p.yaml:4: namespace finance: "max_event_bytes" must be a positive whole number of bytes'],
    ['a duplicate key', 'version: 1\nnamespaces:\n  finance: {}\n  finance: {}\n', 'gatos/policies/p.yaml:4: YAML: Map keys must be unique'],
    ['an alias', 'version: 1\nnamespaces:\n  a: &r {max_event_bytes: 5}\n  b: *r\n', 'gatos/policies/p.yaml:4: YAML aliases are not allowed'],
  ])('refuses %s, naming file:line', (_name, text, message) => {
    expect(thrown(() => rulesOf({ 'policies/p.yaml': text }))).toContain(`POLICY_FILE_INVALID ${message}`);
  });

  it('refuses one namespace ruled in two files, naming both', () => {
    const files = { 'policies/a.yaml': 'version: 1\nnamespaces:\n  finance: {}\n', 'policies/b.yaml': 'version: 1\nnamespaces:\n  finance: {}\n' };
    expect(thrown(() => rulesOf(files))).toBe('POLICY_FILE_INVALID gatos/policies/b.yaml:3: namespace finance is already ruled at gatos/policies/a.yaml:3; keep one rule per namespace');
  });
});

describe('policy language: checkEventAgainstRules', () => {
  const rules = rulesOf({ 'policies/finance.yaml': FINANCE });
  const event = { ns: 'finance', actor: 'user:alice', type: 'invoice.paid', caps: ['finance:write'], bytes: 200 };

  it('allows a writer with the caps its type needs, and any event in a namespace without a rule', () => {
    expect(checkEventAgainstRules(rules, event)).toBeNull();
    expect(checkEventAgainstRules(rules, { ...event, type: 'note.added', caps: [] })).toBeNull();
    expect(checkEventAgainstRules(rules, { ...event, ns: 'demo', actor: 'user:mallory', caps: [], bytes: 10 ** 6 })).toBeNull();
  });

  it('denies a non-writer with gatos.policy-rule.ns-writer', () => {
    expect(checkEventAgainstRules(rules, { ...event, actor: 'user:bob' })).toEqual({
      rule: 'gatos.policy-rule.ns-writer',
      reason: 'user:bob may not write namespace finance (writers: @finance, user:carol; policies/finance.yaml:3)',
    });
  });

  it('lets "*" mean any actor of the trust graph, and nobody else', () => {
    expect(checkEventAgainstRules(rules, { ...event, ns: 'ops', actor: 'user:bob' })).toBeNull();
    expect(checkEventAgainstRules(rules, { ...event, ns: 'ops', actor: 'user:mallory' })?.rule).toBe('gatos.policy-rule.ns-writer');
  });

  it('denies a missing cap, requiring the caps of every matching pattern', () => {
    expect(checkEventAgainstRules(rules, { ...event, caps: [] })).toEqual({
      rule: 'gatos.policy-rule.missing-cap',
      reason: 'missing cap: finance:write (type invoice.paid in namespace finance matches "invoice.*", which needs caps [finance:write]; policies/finance.yaml:7)',
    });
    expect(checkEventAgainstRules(rules, { ...event, type: 'invoice.void' })?.reason).toMatch(/^missing cap: finance:admin /);
    expect(checkEventAgainstRules(rules, { ...event, type: 'invoice.void', caps: ['finance:admin', 'finance:write'] })).toBeNull();
  });

  it('denies an event over max_event_bytes with gatos.policy-rule.size', () => {
    expect(checkEventAgainstRules(rules, { ...event, bytes: 1001 })?.rule).toBe('gatos.policy-rule.size');
    expect(checkEventAgainstRules(rules, { ...event, bytes: 1000 })).toBeNull();
  });

  it('has a stable id for every rule it reports', () => {
    expect(Object.keys(POLICY_RULES)).toEqual(['gatos.policy-rule.ns-writer', 'gatos.policy-rule.missing-cap', 'gatos.policy-rule.size', 'gatos.policy-rule.predicate']);
  });
});

describe('compileBundle', () => {
  it('gives the ids bundleDigests gives, over the canonical bytes, whatever the input order', () => {
    const files = new Map([
      ['policies/finance.yaml', enc(FINANCE)],
      ['trust/graph.json', enc(JSON.stringify({ version: 1, actors: {}, groups: { finance: ['user:alice'] } }))],
    ]);
    const compiled = compileBundle(files);
    expect({ bundleId: compiled.bundleId, policyCodeRoot: compiled.policyCodeRoot }).toEqual(bundleDigests(files));
    expect(compileBundle(new Map([...files].reverse())).bytes).toEqual(compiled.bytes);
    expect(compiled.rules.namespaces).toHaveLength(2);
  });

  it('refuses an invalid policy file before computing anything', () => {
    expect(thrown(() => compileBundle(new Map([['policies/x.yaml', enc('version: 2\nnamespaces: {}\n')]]), { prefix: 'my/gatos/' }))).toBe('POLICY_FILE_INVALID my/gatos/policies/x.yaml:1: "version: 1" is required');
  });
});
