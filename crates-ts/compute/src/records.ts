/**
 * `@gatos/compute/records`: the claim-chain record parsers and the manager rule, without the rest of
 * the job plane (imports only `@gatos/core` and `@gatos/policy`), for the push gate's hook.
 */
export { readChainRecord, leaseDeadlineMs, ChainRecordError, JOBS_ADMIN_GROUP } from './claimRecords.js';
export type { ChainRecord, ClaimRecord, SignedRecord } from './claimRecords.js';
export { isJobManager } from './jobManager.js';
