/**
 * `@gatos/proofs`: Proof-of-Experiment (SPEC-DIGEST §4 PoX, ADR-0019). A PoX binds the inputs,
 * program (jobs and folds), policy and outputs of an experiment, links the PoE of every job result
 * and the PoF of every checkpoint it relies on, and is signed. `verifyPox` checks it without
 * re-running anything; `reproducePox` re-runs the jobs and refolds the state and reports where
 * anything diverged.
 */
export type { PoxErrorCode } from './errors.js';
export { INPUTS_DOMAIN, OUTPUTS_DOMAIN, PROGRAM_DOMAIN, canonicalList, listRoot, inputsRoot, outputsRoot, programId } from './roots.js';
export { decodePox, encodePox, poxDigest, poxDigestBytes, unsignedPoxBytes } from './envelope.js';
export type { PoxEnvelope, PoxLinks, UnsignedPox } from './envelope.js';
export { EXPERIMENTS_PREFIX, experimentRef, parsePoxTarget } from './poxRefs.js';
export { poxUlid } from './poxUlid.js';
export { parseExperimentRecord } from './experimentRecord.js';
export type { ExperimentRecord, ExperimentJob, ExperimentCheckpoint } from './experimentRecord.js';
export { createPox, POX_FILE, EXPERIMENT_FILE } from './createPox.js';
export type { CreatePoxOptions, CreatedPox } from './createPox.js';
export { loadPox } from './loadPox.js';
export type { StoredPox } from './loadPox.js';
export { verifyPox, inspectPox } from './verifyPox.js';
export type { PoxCheck, PoxVerdict, VerifiedPox } from './verifyPox.js';
export { reproducePox } from './reproducePox.js';
export type { Reproduction, ReproducedJob, ReproducedFold, Divergence, ReproduceOptions } from './reproducePox.js';
