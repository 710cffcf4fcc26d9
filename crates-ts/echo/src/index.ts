/**
 * `@gatos/echo`: deterministic folds in a QuickJS sandbox (and, later, state checkpoints and
 * Proof-of-Fold). See spec/adr/0002-fold-sandbox.md and 0003-fold-numerics-and-rng.md.
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
