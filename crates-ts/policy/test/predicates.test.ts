import { describe, expect, it } from 'vitest';
import { checkPredicates, compileBundle, emptyTrustGraph, policyRulesFromFiles } from '../src/index.js';
import { thrown } from './support/thrown.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const POLICY = `version: 1
namespaces:
  finance:
    writers: ["*"]
    predicate: finance-rules.js
`;
const GOOD = `export function allow(event, context) {
  return event.payload.amount <= 100 || 'amount over 100';
}
`;
const filesOf = (files: Record<string, string>): Map<string, Uint8Array> => new Map(Object.entries(files).map(([p, t]) => [p, enc(t)]));


describe('policy language: predicates', () => {
  it('resolves the predicate next to its policy file into the rule', () => {
    const rules = policyRulesFromFiles(filesOf({ 'policies/finance.yaml': POLICY, 'policies/finance-rules.js': GOOD }), emptyTrustGraph());
    expect(rules.namespaces[0]).toMatchObject({ ns: 'finance', predicate: 'policies/finance-rules.js' });
    const nested = policyRulesFromFiles(filesOf({ 'policies/fin/p.yaml': POLICY.replace('finance-rules.js', '../shared/r.js'), 'policies/shared/r.js': GOOD }), emptyTrustGraph());
    expect(nested.namespaces[0]!.predicate).toBe('policies/shared/r.js');
  });

  it('refuses a missing, escaping or non-.js predicate with file:line', () => {
    expect(thrown(() => policyRulesFromFiles(filesOf({ 'policies/finance.yaml': POLICY }), emptyTrustGraph())))
      .toBe('POLICY_FILE_INVALID gatos/policies/finance.yaml:5: predicate gatos/policies/finance-rules.js does not exist in the bundle');
    expect(thrown(() => policyRulesFromFiles(filesOf({ 'policies/finance.yaml': POLICY.replace('finance-rules.js', '../trust/x.js'), 'trust/x.js': GOOD }), emptyTrustGraph())))
      .toBe('POLICY_FILE_INVALID gatos/policies/finance.yaml:5: predicate "../trust/x.js" leaves gatos/policies/ (write a path relative to the policy file)');
    expect(thrown(() => policyRulesFromFiles(filesOf({ 'policies/finance.yaml': POLICY.replace('finance-rules.js', '[a.js]') }), emptyTrustGraph())))
      .toBe('POLICY_FILE_INVALID gatos/policies/finance.yaml:5: namespace finance: "predicate" must be the path of a .js module next to the policy file (e.g. finance-rules.js)');
  });

  it('compiles a bundle whose predicate lints clean', () => {
    const compiled = compileBundle(filesOf({ 'policies/finance.yaml': POLICY, 'policies/finance-rules.js': GOOD }));
    expect(compiled.rules.namespaces[0]!.predicate).toBe('policies/finance-rules.js');
  });

  it('refuses a predicate with a determinism error, naming the predicate file, line and lint rule', () => {
    const bad = GOOD.replace("return event", "const t = Date.now();\n  return event");
    expect(thrown(() => compileBundle(filesOf({ 'policies/finance.yaml': POLICY, 'policies/finance-rules.js': bad }), { prefix: 'my/gatos/' })))
      .toBe('POLICY_FILE_INVALID my/gatos/policies/finance-rules.js:2: Date: Date is removed: use the event ts or ULID [no-date]');
    expect(thrown(() => compileBundle(filesOf({ 'policies/finance.yaml': POLICY, 'policies/finance-rules.js': 'export function check() { return true; }\n' }))))
      .toBe('POLICY_FILE_INVALID gatos/policies/finance-rules.js:1: a predicate must export function allow(event, context) returning true or a reason string [must-export-allow]');
    expect(thrown(() => compileBundle(filesOf({ 'policies/finance.yaml': POLICY, 'policies/finance-rules.js': 'import x from "y";\nexport function allow() { return true; }\n' }))))
      .toMatch(/^POLICY_FILE_INVALID gatos\/policies\/finance-rules\.js:1: .* \[no-import\]$/);
    expect(thrown(() => compileBundle(filesOf({ 'policies/finance.yaml': POLICY, 'policies/finance-rules.js': 'export function allow( {\n' }))))
      .toBe('POLICY_FILE_INVALID gatos/policies/finance-rules.js:2: Unexpected token (2:0) [syntax]');
  });

  it('uses an injected linter and skips lint when no predicate is named', () => {
    const files = filesOf({ 'policies/finance.yaml': POLICY, 'policies/finance-rules.js': GOOD });
    const rules = policyRulesFromFiles(files, emptyTrustGraph());
    const seen: string[] = [];
    checkPredicates(files, rules, { linter: (_s, f) => (seen.push(f), []) });
    expect(seen).toEqual(['gatos/policies/finance-rules.js']);
    checkPredicates(new Map(), { files: [], trustedActors: [], namespaces: [] }, { linter: () => { throw new Error('not called'); } });
  });
});
