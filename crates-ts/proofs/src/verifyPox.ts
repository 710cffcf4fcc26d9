/**
 * `pox verify` (ADR-0019): checks an experiment without re-running anything. The envelope decodes
 * strictly, its digest and signature hold, the signer is a trusted key of the active policy, the
 * roots recompute from `experiment.json`, inputs are the jobs' manifest inputs, every linked PoE
 * verifies (compute's job checks) and every linked PoF names an existing checkpoint with that digest.
 * Records are attacker-controlled: every problem is a failed, named check, never a throw.
 */
import { bytesEqual, isGatosError, parsePublicKey, parseSignature, verifyStrict, type ObjectStore, type Oid, type RefStore } from '@gatos/core';
import { ACTIVE_POLICY_REF, loadBundle } from '@gatos/policy';
import { EXPERIMENT_FILE, POX_FILE } from './createPox.js';
import { decodePox, encodePox, poxDigest, poxDigestBytes, type PoxEnvelope } from './envelope.js';
import { parseExperimentRecord, type ExperimentRecord } from './experimentRecord.js';
import { loadLinkedCheckpoint, loadLinkedJob, manifestInputs, oneTrailer, type LinkedJob } from './linkedRecords.js';
import { loadPox, type StoredPox } from './loadPox.js';
import { parsePoxTarget } from './poxRefs.js';
import { canonicalList, inputsRoot, outputsRoot, programId } from './roots.js';

type Store = { objects: ObjectStore; refs: RefStore };

export interface PoxCheck {
  /** e.g. `envelope`, `signature`, `signer-trusted`, `inputs-root`, `poe:<job-id>`, `pof:<commit>`. */
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly expected?: string;
  readonly actual?: string;
}

export interface PoxVerdict {
  readonly ulid: string;
  readonly ref: string;
  readonly commit: Oid;
  readonly digest: string | null;
  readonly ok: boolean;
  readonly checks: readonly PoxCheck[];
}

/** What verify established, for `reproduce` to build on. */
export interface VerifiedPox {
  readonly verdict: PoxVerdict;
  readonly stored: StoredPox | null;
  readonly envelope: PoxEnvelope | null;
  readonly experiment: ExperimentRecord | null;
  readonly jobs: readonly LinkedJob[];
}

class Failed extends Error {
  constructor(message: string, readonly expected?: string, readonly actual?: string) {
    super(message);
  }
}

function need(cond: boolean, why: string, expected?: string, actual?: string): asserts cond {
  if (!cond) throw new Failed(why, expected, actual);
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Verifies the PoX a ULID or ref names. Throws only `POX_BAD_ID`/`POX_NOT_FOUND`. */
export async function verifyPox(store: Store, target: string): Promise<PoxVerdict> {
  return (await inspectPox(store, target)).verdict;
}

/** `verifyPox` plus the decoded records (used by `reproducePox`). */
export async function inspectPox(store: Store, target: string): Promise<VerifiedPox> {
  let stored: StoredPox;
  try {
    stored = await loadPox(store, target);
  } catch (err) {
    if (!isGatosError(err, 'POX_INVALID')) throw err;
    // The ref exists but holds no commit: a failed check, not a usage error.
    const { ulid, ref } = parsePoxTarget(target);
    const commit = (await store.refs.read(ref)) ?? '';
    return { verdict: { ulid, ref, commit, digest: null, ok: false, checks: [{ name: 'envelope', ok: false, detail: err.message }] }, stored: null, envelope: null, experiment: null, jobs: [] };
  }
  const checks: PoxCheck[] = [];
  const run = async (name: string, body: () => void | Promise<void>): Promise<boolean> => {
    try {
      await body();
      checks.push({ name, ok: true, detail: '' });
      return true;
    } catch (err) {
      const f = err instanceof Failed ? err : null;
      checks.push({ name, ok: false, detail: err instanceof Error ? err.message : String(err), ...(f?.expected !== undefined ? { expected: f.expected } : {}), ...(f?.actual !== undefined ? { actual: f.actual } : {}) });
      return false;
    }
  };

  let env: PoxEnvelope | null = null;
  await run('envelope', () => {
    const bytes = stored.files.get(POX_FILE);
    need(bytes !== undefined, `${POX_FILE} is missing from ${stored.oid}`);
    env = decodePox(bytes);
    need(bytesEqual(encodePox(env), bytes), `${POX_FILE} is not canonical`);
    need(env.ulid === stored.ulid, `envelope ulid ${env.ulid} differs from the ref name ${stored.ulid}`, stored.ulid, env.ulid);
  });
  const envelope = env as PoxEnvelope | null;
  let experiment: ExperimentRecord | null = null;
  await run('experiment', () => {
    experiment = parseExperimentRecord(stored.files.get(EXPERIMENT_FILE));
  });
  const exp = experiment as ExperimentRecord | null;
  const digest = envelope === null ? null : poxDigest(envelope);
  const jobs: LinkedJob[] = [];

  if (envelope !== null) {
    const e: PoxEnvelope = envelope;
    await run('digest', () => {
      const trailer = oneTrailer(stored.commit.message, 'Proof-Of-Experiment');
      need(trailer === digest, 'Proof-Of-Experiment trailer differs from blake3 of the unsigned envelope', digest!, trailer ?? '(missing)');
      const signerTrailer = oneTrailer(stored.commit.message, 'Signer');
      need(signerTrailer === e.signer, 'Signer trailer differs from the envelope signer', e.signer, signerTrailer ?? '(missing)');
    });
    await run('signature', () => {
      need(verifyStrict(parsePublicKey(e.signer), poxDigestBytes(e), parseSignature(e.sig)), `sig does not verify under ${e.signer}`);
    });
    await run('signer-trusted', async () => {
      const active = await store.refs.read(ACTIVE_POLICY_REF);
      need(active !== null, `no active policy (${ACTIVE_POLICY_REF}) to trust the signer`);
      const trust = (await loadBundle(store.objects, active)).trust;
      const holder = Object.entries(trust.actors).find(([, a]) => a.keys.includes(e.signer));
      const revoked = Object.entries(trust.actors).find(([, a]) => a.revoked_keys.includes(e.signer));
      need(revoked === undefined, `signer ${e.signer} is a revoked key of ${revoked?.[0]}`);
      need(holder !== undefined, `signer ${e.signer} is not a key of any actor in the active policy's trust graph`);
    });
    await run('policy', async () => {
      need(await store.objects.has(e.policy_root), `policy_root ${e.policy_root} is not in this repository`);
      const bundle = await loadBundle(store.objects, e.policy_root);
      need(`sha256:${bundle.policyCodeRoot}` === e.policy_code_root, 'the policy bundle does not hash to policy_code_root', e.policy_code_root, `sha256:${bundle.policyCodeRoot}`);
    });
  }

  if (envelope !== null && exp !== null) {
    const e: PoxEnvelope = envelope;
    const x: ExperimentRecord = exp;
    await run('links', () => {
      need(sameList(canonicalList(x.jobs.map((j) => j.poe)), e.links.poe), 'experiment.json jobs do not match links.poe', e.links.poe.join(','), canonicalList(x.jobs.map((j) => j.poe)).join(','));
      need(sameList(canonicalList(x.checkpoints.map((c) => c.pof)), e.links.pof), 'experiment.json checkpoints do not match links.pof', e.links.pof.join(','), canonicalList(x.checkpoints.map((c) => c.pof)).join(','));
      const parents = canonicalList([...x.jobs.map((j) => j.result), ...x.checkpoints.map((c) => c.commit)]);
      need(sameList(parents, stored.commit.parents), 'the PoX commit\'s parents are not exactly the linked result and checkpoint commits', parents.join(','), stored.commit.parents.join(','));
    });
    await run('program-id', () => {
      const recomputed = programId(x.jobs.map((j) => j.job_id), x.checkpoints.map((c) => c.fold_root));
      need(recomputed === e.program_id, 'program_id does not recompute from the linked job ids and Fold-Roots', e.program_id, recomputed);
    });
    for (const link of x.jobs) {
      await run(`poe:${link.job_id}`, async () => {
        let job: LinkedJob;
        try {
          job = await loadLinkedJob(store, link.job_id);
        } catch (err) {
          throw new Failed(isGatosError(err) ? err.message : String(err));
        }
        jobs.push(job);
        const failed = job.verdict.checks.filter((c) => !c.ok);
        need(failed.length === 0, `job result does not verify: ${failed.map((c) => `${c.name}: ${c.detail}`).join('; ')}`);
        need(job.result === link.result, `refs/gatos/jobs/…/result is ${job.result ?? '(none)'}, the PoX links ${link.result}`, link.result, job.result ?? '(none)');
        need(job.poe === link.poe, 'the result\'s Proof-Of-Execution differs from the linked PoE', link.poe, job.poe ?? '(missing)');
        need(job.status === 'succeeded', `the linked result is ${job.status ?? 'without status'}, not succeeded`);
      });
    }
    for (const link of x.checkpoints) {
      await run(`pof:${link.commit}`, async () => {
        need(await store.objects.has(link.commit), `checkpoint ${link.commit} is not in this repository`);
        let cp;
        try {
          cp = await loadLinkedCheckpoint(store, link.commit);
        } catch (err) {
          throw new Failed(isGatosError(err) ? err.message : String(err));
        }
        need(cp.pof === link.pof, 'pof.cbor of the checkpoint does not hash to the linked Proof-Of-Fold', link.pof, cp.pof);
        const trailer = cp.checkpoint.trailers.get('Proof-Of-Fold');
        need(trailer?.length === 1 && trailer[0] === cp.pof, 'the checkpoint\'s Proof-Of-Fold trailer differs from its pof.cbor', cp.pof, trailer?.join(',') ?? '(missing)');
        need(cp.checkpoint.pof.state_root === link.state_root && cp.checkpoint.pof.fold_root === link.fold_root && cp.checkpoint.pof.ns === link.ns, 'experiment.json misquotes the checkpoint (ns, fold_root or state_root)');
      });
    }
    await run('inputs-root', () => {
      const recomputed = inputsRoot(x.inputs);
      need(recomputed === e.inputs_root, 'inputs_root does not recompute from experiment.json inputs', e.inputs_root, recomputed);
      const fromJobs = canonicalList(jobs.flatMap(manifestInputs));
      need(jobs.length < x.jobs.length || sameList(canonicalList(x.inputs), fromJobs), 'the inputs are not exactly the linked jobs\' manifest inputs', fromJobs.join(','), canonicalList(x.inputs).join(','));
    });
    await run('outputs-root', () => {
      const recomputed = outputsRoot(x.outputs);
      need(recomputed === e.outputs_root, 'outputs_root does not recompute from experiment.json outputs', e.outputs_root, recomputed);
      const recorded = new Set([...jobs.flatMap((j) => j.outputs.map((o) => o.content_id)), ...x.checkpoints.map((c) => c.state_root)]);
      const stray = x.outputs.find((o) => !recorded.has(o));
      need(jobs.length < x.jobs.length || stray === undefined, `output ${stray} is neither recorded by a linked job nor a linked State-Root`);
    });
  }

  const verdict: PoxVerdict = { ulid: stored.ulid, ref: stored.ref, commit: stored.oid, digest, ok: checks.every((c) => c.ok), checks };
  return { verdict, stored, envelope, experiment: exp, jobs };
}
