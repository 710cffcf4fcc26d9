import { afterEach, describe, expect, it } from 'vitest';
import {
  ZERO_OID, encodeCanonical, encodeCommit, formatMessage, formatPublicKey, formatSignature, hashObject, treeFromFiles,
  type Oid, type Signer,
} from '@gatos/core';
import { journalRef } from '@gatos/ledger';
import { ACTIVE_POLICY_REF, bundleDigests, publishBundle } from '@gatos/policy';
import { makeLedgerFixture, type LedgerFixture } from '@gatos/testkit';
import { evaluatePush, type PushUpdate } from '../src/index.js';
import { bundleFiles, clock, ulidAt, writeEvent } from './helpers.js';

let fx: LedgerFixture;
afterEach(async () => fx?.cleanup());

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const create = (ref: string, oid: Oid): PushUpdate => ({ ref, old: ZERO_OID, new: oid });
const FINANCE = `version: 1
namespaces:
  finance:
    writers: ["@finance"]
    max_event_bytes: 400
    types:
      "invoice.*": { caps: [finance:write] }
`;

/** Activates (directly, as an earlier accepted push would have) a bundle with FINANCE and group finance = [alice]. */
async function financePolicy(): Promise<Oid> {
  const files = bundleFiles([fx.signers['user:alice']!, fx.signers['user:bob']!]);
  const graph = JSON.parse(new TextDecoder().decode(files.get('trust/graph.json'))) as { groups: Record<string, string[]> };
  graph.groups = { finance: ['user:alice'] };
  files.set('trust/graph.json', enc(JSON.stringify(graph)));
  files.set('policies/finance.yaml', enc(FINANCE));
  return (await publishBundle(fx.repo, files, fx.signers['user:alice']!)).commit;
}

async function push(signer: Signer, policyRoot: Oid, fields: Record<string, unknown>): Promise<string[]> {
  const oid = await writeEvent(fx.repo, { signer, policyRoot, parent: null, fields: { ulid: ulidAt(0), ...fields } });
  const { violations } = await evaluatePush(fx.repo, [create(journalRef('finance', signer.actor), oid)], { clock });
  return violations.map((v) => `${v.rule}: ${v.reason.slice(v.reason.indexOf(' ') + 1)}`);
}

describe('evaluatePush: policy-language rules of the active bundle', () => {
  it('accepts an event by a writer of the namespace carrying the caps its type needs', async () => {
    fx = await makeLedgerFixture();
    const root = await financePolicy();
    expect(await push(fx.signers['user:alice']!, root, { type: 'invoice.paid', caps: ['finance:write'] })).toEqual([]);
    expect(await push(fx.signers['user:alice']!, root, { type: 'note.added' })).toEqual([]);
  });

  it('refuses a trusted actor who is not a writer of the namespace (gatos.policy-rule.ns-writer)', async () => {
    fx = await makeLedgerFixture();
    const root = await financePolicy();
    expect(await push(fx.signers['user:bob']!, root, { type: 'note.added' })).toEqual([
      'gatos.policy-rule.ns-writer: user:bob may not write namespace finance (writers: @finance; policies/finance.yaml:3)',
    ]);
  });

  it('refuses an event without a required cap (gatos.policy-rule.missing-cap)', async () => {
    fx = await makeLedgerFixture();
    const root = await financePolicy();
    expect(await push(fx.signers['user:alice']!, root, { type: 'invoice.paid' })).toEqual([
      'gatos.policy-rule.missing-cap: missing cap: finance:write (type invoice.paid in namespace finance matches "invoice.*", which needs caps [finance:write]; policies/finance.yaml:7)',
    ]);
  });

  it("refuses an event over the namespace's max_event_bytes (gatos.policy-rule.size)", async () => {
    fx = await makeLedgerFixture();
    const root = await financePolicy();
    const [v] = await push(fx.signers['user:alice']!, root, { type: 'note.added', payload: { text: 'x'.repeat(500) } });
    expect(v).toMatch(/^gatos\.policy-rule\.size: event is \d+ bytes, over namespace finance's max_event_bytes 400 \(policies\/finance\.yaml:3;/);
  });

  it('refuses to activate a bundle whose policy files do not parse, and fails journals closed under it', async () => {
    fx = await makeLedgerFixture();
    const alice = fx.signers['user:alice']!;
    const files = bundleFiles([alice, fx.signers['user:bob']!]);
    files.set('policies/bad.yaml', enc('version: 1\nnamespaces:\n  finance:\n    writer: [user:alice]\n'));
    const bad = await rawBundle(files, fx.policyRoot, alice);
    const event = await writeEvent(fx.repo, { signer: alice, policyRoot: bad, parent: null });
    const { violations } = await evaluatePush(fx.repo, [{ ref: ACTIVE_POLICY_REF, old: fx.policyRoot, new: bad }, create(journalRef('finance', 'user:alice'), event)], { clock });
    expect(violations.map((v) => `${v.rule} ${v.ref}`)).toEqual([`gatos.policy.malformed ${ACTIVE_POLICY_REF}`, 'gatos.policy.malformed refs/gatos/journal/finance/user/alice']);
    expect(violations[0]!.reason).toContain('gatos/policies/bad.yaml:4: unknown key "writer" in namespace finance');
  });
});

/** A well-signed bundle commit that `publishBundle` would refuse (ADR-0005 layout, built by hand). */
async function rawBundle(files: Map<string, Uint8Array>, parent: Oid, signer: Signer): Promise<Oid> {
  const d = bundleDigests(files);
  const { root, objects } = treeFromFiles(files);
  const statement = encodeCanonical({ type: 'policy.bundle', bundle_id: `blake3:${d.bundleId}`, policy_code_root: `sha256:${d.policyCodeRoot}`, parent, published_by: signer.actor });
  const message = formatMessage('gatos policy bundle', [
    ['Policy-Bundle-Id', `blake3:${d.bundleId}`], ['Policy-Code-Root', `sha256:${d.policyCodeRoot}`], ['Published-By', signer.actor],
    ['Signer', formatPublicKey(signer.publicKey)], ['Sig', formatSignature(signer.sign(statement))],
  ]);
  const ident = { name: 'gatos-policy', email: 'policy@gatos', timestamp: 0, tzOffset: '+0000' };
  const body = encodeCommit({ tree: root, parents: [parent], author: ident, committer: ident, message });
  await fx.repo.objects.write([...objects, { type: 'commit', body }]);
  return hashObject('commit', body);
}

const PREDICATE_POLICY = `version: 1
namespaces:
  finance:
    writers: ["@finance"]
    predicate: finance-rules.js
`;
const PREDICATE = `export function allow(event, context) {
  if (event.type !== 'invoice.paid') return true;
  return event.payload.amount <= 100 || 'amount ' + event.payload.amount + ' needs a second approver\\x1b[31m';
}
`;

describe('evaluatePush: policy predicates (ADR-0011 "Predicates")', () => {
  /** Activates a bundle whose finance namespace is ruled by PREDICATE, group finance = [alice]. */
  async function predicatePolicy(): Promise<Oid> {
    const files = bundleFiles([fx.signers['user:alice']!, fx.signers['user:bob']!]);
    const graph = JSON.parse(new TextDecoder().decode(files.get('trust/graph.json'))) as { groups: Record<string, string[]> };
    graph.groups = { finance: ['user:alice'] };
    files.set('trust/graph.json', enc(JSON.stringify(graph)));
    files.set('policies/finance.yaml', enc(PREDICATE_POLICY));
    files.set('policies/finance-rules.js', enc(PREDICATE));
    return (await publishBundle(fx.repo, files, fx.signers['user:alice']!)).commit;
  }

  it('passes an event the predicate allows', async () => {
    fx = await makeLedgerFixture();
    const root = await predicatePolicy();
    expect(await push(fx.signers['user:alice']!, root, { type: 'invoice.paid', payload: { amount: 50 } })).toEqual([]);
  });

  it('refuses an event the data rules allow but the predicate denies (gatos.policy-rule.predicate), with the same verdict bytes twice', async () => {
    fx = await makeLedgerFixture();
    const root = await predicatePolicy();
    const alice = fx.signers['user:alice']!;
    const oid = await writeEvent(fx.repo, { signer: alice, policyRoot: root, parent: null, fields: { ulid: ulidAt(0), type: 'invoice.paid', payload: { amount: 500 } } });
    const run = async (): Promise<string> => JSON.stringify((await evaluatePush(fx.repo, [create(journalRef('finance', 'user:alice'), oid)], { clock })).violations);
    const first = await run();
    expect(JSON.parse(first)).toEqual([{
      rule: 'gatos.policy-rule.predicate', ref: journalRef('finance', 'user:alice'), commit: oid, actor: 'user:alice',
      reason: `${oid}: amount 500 needs a second approver [31m (predicate policies/finance-rules.js of namespace finance)`,
    }]);
    expect(await run()).toBe(first);
  });

  it('leaves the predicate out for an event the data rules already refuse', async () => {
    fx = await makeLedgerFixture();
    const root = await predicatePolicy();
    expect(await push(fx.signers['user:bob']!, root, { type: 'invoice.paid', payload: { amount: 500 } })).toEqual([
      'gatos.policy-rule.ns-writer: user:bob may not write namespace finance (writers: @finance; policies/finance.yaml:3)',
    ]);
  });
});
