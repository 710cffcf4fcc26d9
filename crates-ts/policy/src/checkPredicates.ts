import { createRequire } from 'node:module';
import { GatosError } from '@gatos/core';
import { policyFileError } from './parsePolicyFile.js';
import type { PolicyRules } from './policyRuleSet.js';

/** One lint finding on a predicate module (the shape of `@gatos/echo`'s `lintPredicate` findings). */
export interface PredicateLintFinding {
  readonly rule: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

/** Lints one predicate module; `filename` is the label errors show. */
export type PredicateLinter = (source: string, filename: string) => readonly PredicateLintFinding[];

/**
 * `@gatos/echo`'s `lintPredicate`, loaded on first use. `@gatos/echo` depends on this package (for
 * checkpoints), so importing it statically would be a cycle; and most bundles have no predicate, so
 * most callers never load the sandbox's lint at all.
 */
export function echoPredicateLinter(): PredicateLinter {
  const echo = createRequire(import.meta.url)('@gatos/echo') as { lintPredicate?: PredicateLinter };
  if (typeof echo.lintPredicate !== 'function') throw new GatosError('POLICY_PREDICATE_LINT_UNAVAILABLE', '@gatos/echo does not provide lintPredicate (rebuild the workspace)');
  return echo.lintPredicate;
}

/**
 * Validates every predicate the rules name (ADR-0011 "Predicates"): valid UTF-8, and no lint error
 * (determinism rules of folds, `export function allow`, no imports). Throws `POLICY_FILE_INVALID`
 * naming `<predicate file>:<line>` and the lint rule on the first error; warnings pass.
 *
 * @example
 * checkPredicates(files, compiled.rules); // throws on `Date.now()` in gatos/policies/finance-rules.js
 */
export function checkPredicates(files: ReadonlyMap<string, Uint8Array>, rules: PolicyRules, options: { readonly prefix?: string; readonly linter?: PredicateLinter } = {}): void {
  const paths = [...new Set(rules.namespaces.flatMap((n) => (n.predicate === null ? [] : [n.predicate])))].sort();
  if (paths.length === 0) return;
  const lint = options.linter ?? echoPredicateLinter();
  for (const path of paths) {
    const label = `${options.prefix ?? 'gatos/'}${path}`;
    let source: string;
    try {
      source = new TextDecoder('utf-8', { fatal: true }).decode(files.get(path));
    } catch {
      throw policyFileError({ label }, 1, 'is not valid UTF-8');
    }
    const error = lint(source, label).find((f) => f.severity === 'error');
    // Lint messages start with `<file>:<line>:<column>: `; the error names file and line itself.
    if (error) throw policyFileError({ label }, error.line, `${error.message.replace(/^.*?:\d+:\d+: /, '')} [${error.rule}]`);
  }
}
