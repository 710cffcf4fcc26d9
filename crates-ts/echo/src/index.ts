/**
 * `@gatos/echo`: deterministic folds in a QuickJS sandbox, state checkpoints and Proof-of-Fold.
 * See spec/adr/0002-fold-sandbox.md, 0003-fold-numerics-and-rng.md and 0009-checkpoints-and-proof-of-fold.md.
 */
export { runFold } from './runFold.js';
export { runFoldReference } from './runFoldReference.js';
export { lintFold } from './lint/lintFold.js';
export { LINT_RULES } from './lint/rules.js';
export type { Finding, LintRuleId, LintSeverity } from './lint/rules.js';
export { engineId, wasmSha256, QUICKJS_VARIANT_VERSION } from './engine/loadEngine.js';
export { DEFAULT_FOLD_LIMITS } from './limits.js';
export { prepareFold } from './module/prepareFold.js';
export type { PreparedFold } from './module/prepareFold.js';
export { echoError } from './errors.js';
export type { EchoError, EchoErrorCode } from './errors.js';
export type { FoldEvent, FoldValue, FoldState, FoldLimits, RunFoldOptions, RunFoldResult } from './types.js';

// policy predicates (ADR-0011 "Predicates")
export { runPredicate } from './predicate/runPredicate.js';
export type { RunPredicateOptions, PredicateEvent, PredicateContext, PredicateVerdict, PredicateDenialCode } from './predicate/runPredicate.js';
export { lintPredicate } from './predicate/lintPredicate.js';
export type { PredicateFinding } from './predicate/lintPredicate.js';

// fold declarations and the compiled artefact
export { parseFoldSpec } from './foldSpec/parseFoldSpec.js';
export type { FoldSpec } from './foldSpec/parseFoldSpec.js';
export { compileFold, decodeCompiledFold, FOLD_ABI } from './foldSpec/compileFold.js';
export type { CompiledFold } from './foldSpec/compileFold.js';
export { compileFoldFile, findFold } from './foldSpec/loadFoldSpecs.js';

// checkpoints and Proof-of-Fold
export { STATE_PREFIX, stateName, stateRef } from './checkpoint/stateRef.js';
export { ledgerHeadDigest, sortHeads } from './checkpoint/ledgerHeads.js';
export type { LedgerHeads } from './checkpoint/ledgerHeads.js';
export { compareFoldKeys, foldKey } from './checkpoint/foldOrder.js';
export type { FoldKey } from './checkpoint/foldOrder.js';
export { readWindowEvents } from './checkpoint/readWindowEvents.js';
export { encodePof, decodePof, pofDigest } from './checkpoint/pofEnvelope.js';
export type { PofEnvelope } from './checkpoint/pofEnvelope.js';
export { buildCheckpoint, loadCheckpoint, stateFilePath, FOLD_MATH } from './checkpoint/checkpointCommit.js';
export type { LoadedCheckpoint } from './checkpoint/checkpointCommit.js';
export { currentHeads } from './checkpoint/currentHeads.js';
export { foldCheckpoint, previewFold } from './checkpoint/foldCheckpoint.js';
export type { FoldResult, FoldPreview } from './checkpoint/foldCheckpoint.js';
export { reconcileCheckpoints } from './checkpoint/reconcileCheckpoints.js';
export { verifyCheckpoint } from './checkpoint/verifyCheckpoint.js';
export type { PofReport, PofCheck } from './checkpoint/verifyCheckpoint.js';
export { POF_NOTES_REF, signPof, addPofSignature, readPofSignatures, pofSignatureValid } from './checkpoint/pofSignatures.js';
export type { PofSignature } from './checkpoint/pofSignatures.js';

// bisect over state history (ADR-0020)
export { bisectState } from './bisect/bisectState.js';
export type { BisectOptions, BisectResult, BisectEvent, BisectStep } from './bisect/bisectState.js';
export { parseBisectPoint, resolvePoint } from './bisect/bisectPoint.js';
export type { BisectPoint, ResolvedPoint } from './bisect/bisectPoint.js';
export { jsStatePredicate } from './bisect/jsPredicate.js';
export { commandStatePredicate } from './bisect/commandPredicate.js';
export type { CommandPredicateOptions } from './bisect/commandPredicate.js';
export type { StatePredicate, StateVerdict } from './bisect/statePredicate.js';
