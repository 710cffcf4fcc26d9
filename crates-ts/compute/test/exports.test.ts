import { describe, expect, it } from 'vitest';

/** The PoE's in-toto/DSSE export (ADR-0014 "PoE and its in-toto/DSSE form"). */
const ATTESTATION = [
  'DSSE_FILE', 'GATOS_JOB_BUILD_TYPE', 'INTOTO_PAYLOAD_TYPE', 'INTOTO_STATEMENT_V1', 'SLSA_PROVENANCE_V1', 'buildPoeAttestation', 'builderId',
  'checkPoeAttestation', 'digestSet', 'dsseSignedBy', 'parseDsseEnvelope', 'preAuthEncoding', 'provenanceStatement', 'readJobAttestation', 'signDsse',
];

/** The claim chain, lease expiry, cancel, lifecycle fold and inputs (ADR-0017). */
const LIFECYCLE = [
  'ChainRecordError', 'DEFAULT_LEASE_GRACE_SECONDS', 'JOBS_ADMIN_GROUP', 'JOBS_FOLD_SOURCE', 'JOBS_NS', 'abortJob', 'buildClaimRecord', 'buildSignedRecord',
  'expireLease', 'inputPath', 'isJobManager', 'jobsFold', 'leaseDeadlineMs', 'materializeInputs', 'readChainRecord', 'readClaimTip', 'recordLifecycle',
];

describe('@gatos/compute', () => {
  it('exposes only the intended API', async () => {
    expect(Object.keys(await import('@gatos/compute')).sort()).toEqual([...ATTESTATION, ...LIFECYCLE, ...[
      'DEFAULT_MAX_STREAM_BYTES', 'JOBS_PREFIX', 'JOBS_TOPIC', 'JOB_PATH', 'MAX_OUTPUT_BYTES', 'RUNNER_PROGRAM', 'RUNNER_VERSION',
      'attestProgram', 'buildResult', 'checkJobRecord', 'claimJob', 'collectOutputs', 'executeCommand', 'formatJobId', 'jobIdHex',
      'jobRef', 'jobStatus', 'jobUlid', 'loadJob', 'loadJobRecord', 'manifestBytes', 'manifestId', 'normalizeManifest',
      'parseManifest', 'parseTimeout', 'runEnvironment', 'runJob', 'runnerIdentity', 'submitJob', 'verifyJob', 'workPendingJobs',
    ]].sort());
  });
});
