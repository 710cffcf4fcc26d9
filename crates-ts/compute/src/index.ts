/**
 * `@gatos/compute`: the job plane (SPEC-DIGEST §4 PoE, §7, ADR-0014). Jobs are content-addressed
 * manifests under `refs/gatos/jobs/<hex>/job`, claimed once by create-only compare-and-swap on
 * `…/claim`, run in a clean sandboxed directory, and recorded with a signed Proof-of-Execution on
 * `…/result`. Written over the ObjectStore and RefStore ports of `@gatos/core`; discovery messages go
 * through the bus of `@gatos/mind`.
 */
export type { JobErrorCode } from './errors.js';
export { jobIdHex, formatJobId } from './jobId.js';
export { JOBS_PREFIX, jobRef } from './jobRefs.js';
export type { JobRefKind } from './jobRefs.js';
export { parseTimeout } from './parseTimeout.js';
export { normalizeManifest } from './normalizeManifest.js';
export type { JobManifest, BlobPointer } from './normalizeManifest.js';
export { parseManifest } from './parseManifest.js';
export { manifestBytes, manifestId } from './manifestId.js';
export { jobUlid } from './jobUlid.js';
export { submitJob, JOBS_TOPIC } from './submitJob.js';
export type { SubmittedJob } from './submitJob.js';
export { loadJob } from './loadJob.js';
export type { LoadedJob } from './loadJob.js';
export { claimJob, readClaimTip, expireLease, abortJob } from './claimChain.js';
export type { JobClaim } from './claimChain.js';
export { readChainRecord, leaseDeadlineMs, buildClaimRecord, buildSignedRecord, ChainRecordError, DEFAULT_LEASE_GRACE_SECONDS, JOBS_ADMIN_GROUP } from './claimRecords.js';
export type { ChainRecord, ClaimRecord, SignedRecord } from './claimRecords.js';
export { isJobManager } from './jobManager.js';
export { jobsFold, JOBS_FOLD_SOURCE, JOBS_NS } from './lifecycleFold.js';
export { recordLifecycle } from './lifecycleEvents.js';
export type { LifecycleEvent } from './lifecycleEvents.js';
export { materializeInputs, inputPath } from './materializeInputs.js';
export type { InputSource } from './materializeInputs.js';
export { runEnvironment, JOB_PATH } from './runEnvironment.js';
export { executeCommand, DEFAULT_MAX_STREAM_BYTES } from './executeCommand.js';
export type { Execution, ExecuteOptions, CapturedStream } from './executeCommand.js';
export { collectOutputs, MAX_OUTPUT_BYTES } from './collectOutputs.js';
export type { CollectedOutput, OutputFailure } from './collectOutputs.js';
export { runnerIdentity, attestProgram, RUNNER_PROGRAM, RUNNER_VERSION } from './runnerIdentity.js';
export type { RunnerIdentity } from './runnerIdentity.js';
export { buildResult } from './buildResult.js';
export type { ResultRecord, ResultOutput, StreamRecord, PoeEnvelope, ResultInput, JobOutcome } from './buildResult.js';
export { runJob } from './runJob.js';
export type { JobRun, RunOptions } from './runJob.js';
export { loadJobRecord } from './loadJobRecord.js';
export type { JobRecord, LoadedCommit } from './loadJobRecord.js';
export { checkJobRecord } from './checkJobRecord.js';
export type { JobCheck, JobCheckName, JobVerdict } from './checkJobRecord.js';
export { verifyJob } from './verifyJob.js';
export { jobStatus } from './jobStatus.js';
export type { JobState, JobStatus, JobStatusReport } from './jobStatus.js';
export { workPendingJobs } from './workPendingJobs.js';
export type { WorkerHooks, WorkerRoundOptions, WorkerRound, JobOutcomeEntry, SkipReason } from './workPendingJobs.js';

// The PoE as an in-toto Statement (SLSA provenance v1) in a DSSE envelope (ADR-0014 "PoE and its in-toto/DSSE form").
export { preAuthEncoding, signDsse, parseDsseEnvelope, dsseSignedBy } from './dsse.js';
export type { DsseEnvelope, DsseSignature } from './dsse.js';
export { provenanceStatement, builderId, digestSet, INTOTO_STATEMENT_V1, SLSA_PROVENANCE_V1, GATOS_JOB_BUILD_TYPE } from './provenanceStatement.js';
export type { ProvenanceStatement, ProvenanceInput, ResourceDescriptor, DigestSet } from './provenanceStatement.js';
export { buildPoeAttestation, DSSE_FILE, INTOTO_PAYLOAD_TYPE } from './poeAttestation.js';
export type { PoeAttestationInput } from './poeAttestation.js';
export { checkPoeAttestation } from './checkPoeAttestation.js';
export { readJobAttestation } from './readJobAttestation.js';
export type { JobAttestation } from './readJobAttestation.js';
