/**
 * `pox create`: binds jobs (by their PoE) and checkpoints (by their PoF) into one signed envelope,
 * stored as a commit at `refs/gatos/audit/proofs/experiments/<ulid>` (ADR-0019). Deterministic: the
 * same links, inputs, outputs, policy and signer give the same ULID, envelope and commit, so creating
 * twice is a no-op and the ref is create-only.
 */
import { canonicalJsonBytes, encodeCommit, formatMessage, formatPublicKey, formatSignature, hashObject, isGatosError, treeFromFiles, type ObjectStore, type Oid, type RefStore, type Signer } from '@gatos/core';
import { ACTIVE_POLICY_REF, loadBundle } from '@gatos/policy';
import { encodePox, poxDigest, poxDigestBytes, type PoxEnvelope, type UnsignedPox } from './envelope.js';
import { poxError } from './errors.js';
import type { ExperimentCheckpoint, ExperimentJob, ExperimentRecord } from './experimentRecord.js';
import { loadLinkedCheckpoint, loadLinkedJob, manifestInputs, type LinkedCheckpoint, type LinkedJob } from './linkedRecords.js';
import { experimentRef } from './poxRefs.js';
import { poxUlid } from './poxUlid.js';
import { canonicalList, inputsRoot, listRoot, outputsRoot, programId } from './roots.js';

type Store = { objects: ObjectStore; refs: RefStore };

export interface CreatePoxOptions {
  /** Job ids whose results the experiment relies on (each must have a verified, succeeded result). */
  readonly jobs: readonly string[];
  /** Checkpoint commits (folded state) the experiment relies on. */
  readonly checkpoints?: readonly Oid[];
  /** Input pointer hashes; default (and required value): the union of the jobs' manifest inputs. */
  readonly inputs?: readonly string[];
  /** Output content ids; default: every recorded job output plus each checkpoint's State-Root. */
  readonly outputs?: readonly string[];
}

export interface CreatedPox {
  readonly ulid: string;
  readonly ref: string;
  readonly commit: Oid;
  /** `Proof-Of-Experiment`: blake3 of the unsigned canonical envelope. */
  readonly digest: string;
  /** False when the identical PoX already existed. */
  readonly created: boolean;
  readonly envelope: PoxEnvelope;
  readonly experiment: ExperimentRecord;
}

export const POX_FILE = 'pox.cbor';
export const EXPERIMENT_FILE = 'experiment.json';

function readyJob(job: LinkedJob): ExperimentJob {
  if (job.result === null || job.poe === null) {
    throw poxError('POX_JOB_NOT_READY', `job ${job.jobId} has no result yet (run \`git gatos worker --once\` or \`git gatos job run ${job.jobId}\`)`, { data: { job_id: job.jobId } });
  }
  if (!job.verdict.ok) {
    const failed = job.verdict.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`).join('; ');
    throw poxError('POX_JOB_NOT_READY', `job ${job.jobId} does not verify (${failed}); see \`git gatos job verify ${job.jobId}\``, { data: { job_id: job.jobId } });
  }
  if (job.status !== 'succeeded') {
    throw poxError('POX_JOB_NOT_READY', `job ${job.jobId} ${job.status ?? 'has no status'}: an experiment links succeeded jobs only`, { data: { job_id: job.jobId } });
  }
  return { job_id: job.jobId, result: job.result, poe: job.poe };
}

function sameSet(given: readonly string[], expected: readonly string[], what: string): void {
  const g = new Set(given);
  const e = new Set(expected);
  const missing = [...e].filter((x) => !g.has(x));
  const extra = [...g].filter((x) => !e.has(x));
  if (missing.length > 0 || extra.length > 0) {
    throw poxError('POX_INPUTS_MISMATCH', `--inputs must be exactly the jobs' ${what}` + (missing.length ? `; missing ${missing.join(', ')}` : '') + (extra.length ? `; not an input of any job: ${extra.join(', ')}` : ''), {
      data: { missing, extra },
    });
  }
}

/**
 * Creates (or finds, when identical) the PoX for `options`, signed by `signer`. Throws
 * `POX_BAD_ARGUMENT`, `POX_JOB_NOT_READY`, `POX_INPUTS_MISMATCH`, `POX_NO_POLICY`, `JOB_NOT_FOUND`,
 * `CHECKPOINT_INVALID`, or `POX_CONFLICT` when a different PoX holds the ref.
 * @example const pox = await createPox(repo, signer, { jobs: ['blake3:…'], checkpoints: [stateCommit] });
 */
export async function createPox(store: Store, signer: Signer, options: CreatePoxOptions): Promise<CreatedPox> {
  if (options.jobs.length === 0 && (options.checkpoints ?? []).length === 0) {
    throw poxError('POX_BAD_ARGUMENT', 'an experiment needs at least one job (--program) or checkpoint (--state)');
  }
  const jobs: LinkedJob[] = [];
  for (const id of options.jobs) jobs.push(await loadLinkedJob(store, id));
  const byId = new Map(jobs.map((j) => [j.jobId, j]));
  const jobLinks = [...byId.values()].map(readyJob).sort((a, b) => (a.job_id < b.job_id ? -1 : 1));

  const checkpoints: LinkedCheckpoint[] = [];
  for (const oid of canonicalList(options.checkpoints ?? [])) checkpoints.push(await loadLinkedCheckpoint(store, oid));
  const cpLinks: ExperimentCheckpoint[] = checkpoints.map((c) => ({
    commit: c.checkpoint.commit, pof: c.pof, ns: c.checkpoint.pof.ns, fold_root: c.checkpoint.pof.fold_root, state_root: c.checkpoint.pof.state_root,
  }));

  const jobInputs = canonicalList([...byId.values()].flatMap(manifestInputs));
  if (options.inputs !== undefined) sameSet(options.inputs, jobInputs, 'manifest inputs');
  const recorded = canonicalList([...[...byId.values()].flatMap((j) => j.outputs.map((o) => o.content_id)), ...cpLinks.map((c) => c.state_root)]);
  const outputs = options.outputs === undefined ? recorded : canonicalList(options.outputs);
  const unknownOutput = outputs.find((o) => !recorded.includes(o));
  if (unknownOutput !== undefined) {
    throw poxError('POX_BAD_ARGUMENT', `--outputs ${unknownOutput} is neither an output recorded by the jobs nor a linked State-Root`, { data: { output: unknownOutput } });
  }

  const policyRoot = await store.refs.read(ACTIVE_POLICY_REF);
  if (policyRoot === null) throw poxError('POX_NO_POLICY', `no active policy bundle (${ACTIVE_POLICY_REF}); run \`git gatos init\` first`);
  const bundle = await loadBundle(store.objects, policyRoot);

  const body = {
    type: 'pox' as const,
    inputs_root: inputsRoot(jobInputs),
    program_id: programId(jobLinks.map((j) => j.job_id), cpLinks.map((c) => c.fold_root)),
    policy_root: policyRoot,
    policy_code_root: `sha256:${bundle.policyCodeRoot}`,
    outputs_root: outputsRoot(outputs),
    links: { poe: canonicalList(jobLinks.map((j) => j.poe)), pof: canonicalList(cpLinks.map((c) => c.pof)) },
    signer: formatPublicKey(signer.publicKey),
    sig_alg: 'ed25519' as const,
  };
  const timeMs = Math.max(0, ...jobs.map((j) => j.resultTimeMs), ...checkpoints.map((c) => c.checkpoint.time * 1000));
  const seed = listRoot('gatos.pox.ulid.v1', [body.inputs_root, body.program_id, body.outputs_root, body.policy_root, body.signer, ...body.links.poe, ...body.links.pof]);
  const unsigned: UnsignedPox = { ...body, ulid: poxUlid(timeMs, seed) };
  const envelope: PoxEnvelope = { ...unsigned, sig: formatSignature(signer.sign(poxDigestBytes(unsigned))) };
  const experiment: ExperimentRecord = { v: 1, inputs: jobInputs, jobs: jobLinks, checkpoints: cpLinks, outputs };
  const digest = poxDigest(envelope);

  const files = new Map<string, Uint8Array>([[POX_FILE, encodePox(envelope)], [EXPERIMENT_FILE, canonicalJsonBytes(experiment)]]);
  const tree = treeFromFiles(files);
  const ident = { name: 'gatos', email: 'proofs@gatos', timestamp: Math.floor(timeMs / 1000), tzOffset: '+0000' };
  const commitBody = encodeCommit({
    tree: tree.root,
    // The linked records are parents, so fetching the PoX ref brings every proof it relies on.
    parents: canonicalList([...jobLinks.map((j) => j.result), ...cpLinks.map((c) => c.commit)]),
    author: ident,
    committer: ident,
    message: formatMessage(`pox ${envelope.ulid}`, [
      ['Proof-Of-Experiment', digest],
      ['Actor', signer.actor],
      ['Signer', envelope.signer],
      ['Policy-Root', envelope.policy_root],
      ['Policy-Code-Root', envelope.policy_code_root],
    ]),
  });
  const commit = hashObject('commit', commitBody);
  const ref = experimentRef(envelope.ulid);
  await store.objects.write([...tree.objects, { type: 'commit', body: commitBody }]);
  let created = true;
  try {
    await store.refs.compareAndSwap(ref, null, commit);
  } catch (err) {
    if (!isGatosError(err, 'REF_CAS_MISMATCH')) throw err;
    const existing = await store.refs.read(ref);
    if (existing !== commit) throw poxError('POX_CONFLICT', `${ref} already holds a different PoX (${existing})`, { data: { ref, existing } });
    created = false;
  }
  return { ulid: envelope.ulid, ref, commit, digest, created, envelope, experiment };
}
