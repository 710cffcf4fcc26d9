/** Shared builders for gate tests: real event, bundle and plain commits written into real repositories. */
import {
  encodeCommit, encodeTree, formatMessage, formatPublicKey, hashObject, newUlid,
  type Clock, type EventEnvelope, type Oid, type Signer,
} from '@gatos/core';
import type { Repository } from '@gatos/git';
import { buildEventCommit, signEvent } from '@gatos/ledger';
import { emptyTrustGraph, publishBundle, serializeTrustGraph, withActorKey } from '@gatos/policy';

/** The gate's clock in unit tests: 2026-11-01T12:00:00Z. */
export const NOW = Date.UTC(2026, 10, 1, 12, 0, 0);
export const clock: Clock = { now: () => NOW };

/** A ULID `offsetMs` after NOW (random part random, so order follows time). */
export const ulidAt = (offsetMs: number): string => newUlid(NOW + offsetMs);

export interface EventSpec {
  readonly signer: Signer;
  readonly policyRoot: Oid;
  readonly parent: Oid | null;
  /** Envelope fields to override (actor, ulid, payload, policy_root, ts…). */
  readonly fields?: Partial<EventEnvelope>;
  /** Corrupt the signature after signing. */
  readonly forge?: boolean;
}

/** Writes one event commit (ADR-0004 layout) into `repo` and returns its id. */
export async function writeEvent(repo: Repository, spec: EventSpec): Promise<Oid> {
  const envelope: EventEnvelope = {
    type: 'demo.hello',
    ulid: ulidAt(0),
    actor: spec.signer.actor,
    payload: { n: 1 },
    policy_root: spec.policyRoot,
    ...spec.fields,
  };
  const signed = signEvent(envelope, spec.signer);
  const signature = spec.forge ? signed.signature.map((b, i) => (i === 0 ? b ^ 1 : b)) : signed.signature;
  const built = buildEventCommit({ ...signed, signature }, spec.parent);
  await repo.objects.write(built.objects);
  return built.oid;
}

/** Writes a chain of `count` valid events by `signer` on `parent`, ULIDs `startMs`, `startMs+1`, …; returns the tip. */
export async function writeEvents(repo: Repository, signer: Signer, policyRoot: Oid, parent: Oid | null, count: number, startMs = 0): Promise<Oid> {
  let tip = parent;
  for (let i = 0; i < count; i++) tip = await writeEvent(repo, { signer, policyRoot, parent: tip, fields: { ulid: ulidAt(startMs + i), payload: { n: i } } });
  return tip!;
}

/** Writes a plain commit with one file and the given message; returns its id. */
export async function writeCommit(repo: Repository, message: string, parents: readonly Oid[] = [], file = 'x.txt'): Promise<Oid> {
  const blob = new TextEncoder().encode(message);
  const tree = encodeTree([{ mode: '100644', name: file, oid: hashObject('blob', blob) }]);
  const ident = { name: 'Test', email: 'test@example.invalid', timestamp: 1_700_000_000, tzOffset: '+0000' };
  const body = encodeCommit({ tree: hashObject('tree', tree), parents: [...parents], author: ident, committer: ident, message });
  const [, , oid] = await repo.objects.write([{ type: 'blob', body: blob }, { type: 'tree', body: tree }, { type: 'commit', body }]);
  return oid!;
}

/** A checkpoint-like commit message carrying the five trailers a state verifier requires. */
export function checkpointMessage(policyRoot: Oid, ledgerHead: Oid): string {
  return formatMessage('gatos checkpoint demo', [
    ['State-Root', `blake3:${'a'.repeat(64)}`],
    ['Ledger-Head', ledgerHead],
    ['Policy-Root', policyRoot],
    ['Fold-Engine', 'qjs@0.32.0+wasm=0123456789abcdef+gfc@1+num=q32.32+rng=pcg32@1'],
    ['Fold-Root', `sha256:${'b'.repeat(64)}`],
  ]);
}

/** Bundle files whose trust graph holds each signer's key. */
export function bundleFiles(signers: readonly Signer[], profile = 'default'): Map<string, Uint8Array> {
  let graph = emptyTrustGraph();
  for (const s of signers) graph = withActorKey(graph, s.actor, formatPublicKey(s.publicKey));
  return new Map([
    ['config/profile.yaml', new TextEncoder().encode(`profile: ${profile}\n`)],
    ['trust/graph.json', new TextEncoder().encode(serializeTrustGraph(graph))],
  ]);
}

/** Publishes a bundle on top of the repository's active one without activating it; returns its commit and id. */
export async function proposeBundle(repo: Repository, signers: readonly Signer[], publisher: Signer, profile = 'default'): Promise<{ commit: Oid; bundleId: string }> {
  const r = await publishBundle(repo, bundleFiles(signers, profile), publisher, { activate: false });
  return { commit: r.commit, bundleId: r.bundleId };
}
