import {
  blake3Hex, canonicalJsonBytes, isGatosError, sha256Hex, bytesEqual, type ObjectStore, type Oid, type RefStore,
} from '@gatos/core';
import { isActorKey, loadBundle, type TrustGraph } from '@gatos/policy';
import { runFold } from '../runFold.js';
import { engineId } from '../engine/loadEngine.js';
import { decodeCompiledFold, type CompiledFold } from '../foldSpec/compileFold.js';
import type { FoldLimits } from '../types.js';
import { loadCheckpoint, stateFilePath, type LoadedCheckpoint } from './checkpointCommit.js';
import { compareFoldKeys, foldKey } from './foldOrder.js';
import { ledgerHeadDigest } from './ledgerHeads.js';
import { pofDigest } from './pofEnvelope.js';
import { pofSignatureValid, readPofSignatures } from './pofSignatures.js';
import { readWindowEvents } from './readWindowEvents.js';

export interface PofCheck {
  readonly id: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly expected?: string;
  readonly actual?: string;
}

export interface PofReport {
  readonly commit: Oid;
  /** verified (exit 0), mismatch (exit 1), unverifiable (exit 2: e.g. another engine). */
  readonly verdict: 'verified' | 'mismatch' | 'unverifiable';
  readonly checks: PofCheck[];
  readonly signatures: Array<{ actor: string; signer: string; valid: boolean; trusted: boolean }>;
}

const REQUIRED = [
  ['State-Root', /^blake3:[0-9a-f]{64}$/],
  ['Ledger-Head', /^([0-9a-f]{40}|blake3:[0-9a-f]{64})$/],
  ['Policy-Root', /^[0-9a-f]{40}$/],
  ['Fold-Engine', /^\S+$/],
  ['Fold-Root', /^sha256:[0-9a-f]{64}$/],
] as const;

/**
 * `git gatos fold verify`: checks a checkpoint's Proof-of-Fold using nothing but the repository —
 * trailers vs envelope, fold artefact hash and engine, policy code hash, window ancestry, folder
 * signatures — then replays every event from genesis and compares the State-Root and the state file.
 * Every check is reported (expected vs actual on failure), not just the first.
 */
export async function verifyCheckpoint(
  store: { objects: ObjectStore; refs?: RefStore },
  commit: Oid,
  options: { limits?: Partial<FoldLimits> } = {},
): Promise<PofReport> {
  const checks: PofCheck[] = [];
  const add = (id: string, ok: boolean, detail: string, expected?: string, actual?: string): boolean => {
    checks.push({ id, ok, detail, ...(ok ? {} : { ...(expected !== undefined ? { expected } : {}), ...(actual !== undefined ? { actual } : {}) }) });
    return ok;
  };
  const done = (verdict: PofReport['verdict'], signatures: PofReport['signatures'] = []): PofReport => ({ commit, verdict, checks, signatures });

  let cp: LoadedCheckpoint;
  try {
    cp = await loadCheckpoint(store.objects, commit);
  } catch (err) {
    add('checkpoint.readable', false, isGatosError(err) ? err.message : String(err));
    return done('mismatch');
  }
  const one = (k: string): string | undefined => (cp.trailers.get(k)?.length === 1 ? cp.trailers.get(k)![0] : undefined);

  // 1. Required trailers, with their prefixes (SPEC-DIGEST §12 items 11–12).
  for (const [key, shape] of REQUIRED) {
    const v = one(key);
    add(`trailer.${key}`, v !== undefined && shape.test(v), v === undefined ? `missing or repeated ${key} trailer` : shape.test(v) ? `${key} present` : `${key} is malformed (wrong or missing prefix)`, shape.source, v);
  }
  // 2. Trailers agree with the envelope.
  const pof = cp.pof;
  const pairs: Array<[string, string]> = [
    ['State-Root', pof.state_root], ['Policy-Root', pof.policy_root], ['Policy-Code-Root', pof.policy_code_root],
    ['Fold-Root', pof.fold_root], ['Fold-Id', pof.fold_id], ['Fold-Engine', pof.fold_engine], ['Fold-Version', String(pof.fold_version)],
    ['Ledger-Head', ledgerHeadDigest(pof.ledger_end)], ['Proof-Of-Fold', pofDigest(cp.pofBytes)],
  ];
  for (const [key, expected] of pairs) {
    const actual = one(key);
    if (actual !== undefined || key === 'Proof-Of-Fold') add(`trailer-matches-pof.${key}`, actual === expected, `${key} trailer vs pof.cbor`, expected, actual ?? '(missing)');
  }
  const headsFile = cp.files.get('ledger-heads.json');
  add('heads.file', !!headsFile && bytesEqual(headsFile, canonicalJsonBytes(pof.ledger_end)), 'ledger-heads.json equals the envelope’s ledger_end');

  // 3. Fold artefact and engine.
  const gfc = cp.files.get('fold.gfc');
  const gfcRoot = gfc ? `sha256:${sha256Hex(gfc)}` : '(missing)';
  if (!add('fold.root', gfcRoot === pof.fold_root, 'sha256(fold.gfc) equals Fold-Root', pof.fold_root, gfcRoot)) return done('mismatch');
  let fold: CompiledFold;
  try {
    fold = decodeCompiledFold(gfc!);
  } catch (err) {
    add('fold.artefact', false, (err as Error).message);
    return done('unverifiable');
  }
  if (!add('fold.engine', pof.fold_engine === engineId(), 'checkpoint engine is this verifier’s engine', engineId(), pof.fold_engine)) return done('unverifiable');

  // 4. Policy code.
  let trust: TrustGraph | null = null;
  try {
    const bundle = await loadBundle(store.objects, pof.policy_root);
    trust = bundle.trust;
    add('policy.code-root', `sha256:${bundle.policyCodeRoot}` === pof.policy_code_root, 'policy bundle hashes to Policy-Code-Root', pof.policy_code_root, `sha256:${bundle.policyCodeRoot}`);
  } catch (err) {
    add('policy.code-root', false, isGatosError(err) ? err.message : String(err));
  }

  // 5. Window ancestry: every end head exists; every start head is an ancestor of its end head.
  let windowOk = true;
  for (const [ref, oid] of Object.entries(pof.ledger_end)) {
    if (!(await store.objects.has(oid))) windowOk = add('window.end', false, `${ref} head ${oid} is not in this repository`);
  }
  for (const [ref, oid] of Object.entries(pof.ledger_start)) {
    const end = pof.ledger_end[ref];
    if (!end || !(await store.objects.isAncestor(oid, end).catch(() => false))) windowOk = add('window.start', false, `${ref}: start ${oid} is not an ancestor of the end head ${end ?? '(none)'}`);
  }
  if (windowOk) add('window', true, 'ledger window ancestry holds');

  // 6. State file.
  const stateBytes = cp.files.get(stateFilePath(pof.ns));
  const fileRoot = stateBytes ? `blake3:${blake3Hex(stateBytes)}` : '(missing)';
  add('state.file', fileRoot === pof.state_root, `state/${pof.ns}.json hashes to State-Root`, pof.state_root, fileRoot);

  // 7. Replay from genesis.
  if (windowOk) {
    try {
      const window = await readWindowEvents(store.objects, Object.entries(pof.ledger_end).map(([ref, head]) => ({ ref, head, base: null })));
      const result = await runFold({ source: fold.source, batches: [window.events], ...(options.limits ? { limits: options.limits } : {}) });
      const replayRoot = `blake3:${blake3Hex(canonicalJsonBytes(result.state))}`;
      add('replay.state-root', replayRoot === pof.state_root, 'replaying every event reproduces State-Root', pof.state_root, replayRoot);
      add('replay.events', window.events.length === pof.events, 'event count matches the envelope', String(pof.events), String(window.events.length));
      const last = window.events.length ? foldKey(window.events[window.events.length - 1]!) : null;
      add('replay.last', (last === null && pof.last === null) || (!!last && !!pof.last && compareFoldKeys(last, pof.last) === 0), 'last event matches the envelope', JSON.stringify(pof.last), JSON.stringify(last));
    } catch (err) {
      add('replay.state-root', false, `replay failed: ${isGatosError(err) ? `${err.code}: ${err.message}` : String(err)}`);
    }
  }

  // 8. Folder signatures (detached, in notes): each must verify and come from a trusted key.
  // Without a ref store (e.g. the push gate, where notes travel separately) only replay counts.
  const sigs = store.refs ? await readPofSignatures({ objects: store.objects, refs: store.refs }, commit) : [];
  const signatures = sigs.map((s) => {
    const valid = pofSignatureValid(s, commit, pofDigest(cp.pofBytes));
    return { actor: s.actor, signer: s.signer, valid, trusted: !!trust && isActorKey(trust, s.actor, s.signer) };
  });
  const badSig = signatures.find((s) => !s.valid || !s.trusted);
  add('signatures', !badSig, sigs.length === 0 ? 'no folder signatures (verified by replay alone)' : badSig ? `signature by ${badSig.actor} is ${badSig.valid ? 'from an untrusted key' : 'invalid'}` : `${sigs.length} valid folder signature(s)`);
  return done(checks.every((c) => c.ok) ? 'verified' : 'mismatch', signatures);
}
