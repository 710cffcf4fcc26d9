import { describe, expect, it } from 'vitest';

describe('@gatos/compute', () => {
  it('exposes only the intended API', async () => {
    expect(Object.keys(await import('@gatos/compute')).sort()).toEqual([
      'DEFAULT_MAX_STREAM_BYTES', 'JOBS_PREFIX', 'JOBS_TOPIC', 'JOB_PATH', 'MAX_OUTPUT_BYTES', 'RUNNER_PROGRAM', 'RUNNER_VERSION',
      'attestProgram', 'buildResult', 'checkJobRecord', 'claimJob', 'collectOutputs', 'executeCommand', 'formatJobId', 'jobIdHex',
      'jobRef', 'jobStatus', 'jobUlid', 'loadJob', 'loadJobRecord', 'manifestBytes', 'manifestId', 'normalizeManifest',
      'parseManifest', 'parseTimeout', 'runEnvironment', 'runJob', 'runnerIdentity', 'submitJob', 'verifyJob', 'workPendingJobs',
    ]);
  });
});
