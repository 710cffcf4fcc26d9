/**
 * The fold lint rules in one table (SPEC-DIGEST §3 Q4–Q10). Rule ids are stable: tools and
 * suppressions refer to them. Errors mark code the sandbox rejects or that cannot be deterministic;
 * warnings mark code that is deterministic in the pinned engine but fragile (order reliance, floats).
 */
export type LintSeverity = 'error' | 'warning';

export const LINT_RULES = {
  syntax: { severity: 'error', summary: 'the source does not parse as an ES module' },
  'no-date': { severity: 'error', summary: 'Date is removed: use the event ts or ULID' },
  'no-math-random': { severity: 'error', summary: 'Math.random is removed: use rng(seed)' },
  'no-transcendental-math': { severity: 'error', summary: 'transcendental Math functions are removed: use q32 or a job' },
  'no-eval': { severity: 'error', summary: 'eval is removed' },
  'no-function-constructor': { severity: 'error', summary: 'Function and .constructor reach code generation, which is removed' },
  'no-weakref': { severity: 'error', summary: 'WeakRef observes garbage collection' },
  'no-finalization-registry': { severity: 'error', summary: 'FinalizationRegistry observes garbage collection' },
  'no-shared-array-buffer': { severity: 'error', summary: 'SharedArrayBuffer is removed' },
  'no-atomics': { severity: 'error', summary: 'Atomics is removed' },
  'no-locale': { severity: 'error', summary: 'locale-dependent methods (localeCompare, toLocale*, Intl) are removed' },
  'no-async': { severity: 'error', summary: 'async functions are rejected: folds are synchronous' },
  'no-await': { severity: 'error', summary: 'await is rejected: folds are synchronous' },
  'no-promise': { severity: 'error', summary: 'any use of Promise fails the fold with FOLD_ASYNC_FORBIDDEN' },
  'no-import': { severity: 'error', summary: 'a fold is one module without imports' },
  'no-dynamic-import': { severity: 'error', summary: 'import() is rejected' },
  'no-with': { severity: 'error', summary: 'with is not allowed (and is a syntax error in modules)' },
  'no-global-write': { severity: 'error', summary: 'writes to globalThis, top-level this or undeclared globals' },
  'no-reserved-name': { severity: 'error', summary: 'identifiers starting with __gatos are reserved for the sandbox' },
  'must-export-init-step': { severity: 'error', summary: 'a fold exports init() and step(state, event)' },
  'no-for-in': { severity: 'error', summary: 'for-in relies on property order: iterate dkeys(obj)' },
  'no-unordered-keys': { severity: 'warning', summary: 'Object.keys/values/entries follow insertion order: prefer dkeys/dvalues/dpairs' },
  'no-module-state': { severity: 'warning', summary: 'mutating module-level variables from functions breaks incremental folding (state lives in the state)' },
  'no-sort-without-comparator': { severity: 'warning', summary: '.sort() without a comparator: use dsort(array) or pass a comparator' },
  'no-float-literal': { severity: 'warning', summary: 'non-integer literals cannot enter the state: use q32' },
} as const satisfies Record<string, { severity: LintSeverity; summary: string }>;

export type LintRuleId = keyof typeof LINT_RULES;

/** One lint finding; line and column are 1-based. */
export interface Finding {
  readonly rule: LintRuleId;
  readonly severity: LintSeverity;
  readonly message: string;
  readonly line: number;
  readonly column: number;
}
