import { jobStatus } from '@gatos/compute';
import type { Clock } from '@gatos/core';
import type { Check, Finding } from '../finding.js';

/**
 * `jobs.stale-claim`: a claimed job with no result whose lease deadline has passed (`job status`
 * reports it `stale`); the worker probably died, and nobody else may claim it until the lease is expired.
 */
export function jobsCheck(clock: Clock): Check {
  return {
    name: 'jobs',
    async run({ repo }) {
      if ((await repo.refs.list('refs/gatos/jobs/')).length === 0) return [];
      const report = await jobStatus(repo, undefined, { clock });
      return report.jobs
        .filter((j) => j.stale)
        .map((j): Finding => ({
          id: 'jobs.stale-claim',
          severity: 'warning',
          subject: j.claim ?? j.jobId,
          message: `job ${j.jobId} was claimed by ${j.worker ?? j.workerId ?? 'an unknown worker'} and its lease ended at ${j.leaseDeadline} without a result`,
          remedy: `git gatos job expire ${j.jobId} (then any worker may claim it again)`,
        }));
    },
  };
}
