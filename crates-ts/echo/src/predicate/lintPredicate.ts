/**
 * `lintPredicate`: the fold lint (`lintFold`) applied to a policy predicate, with the predicate ABI
 * (`export function allow`) in place of the fold ABI (`init`/`step`). Errors refuse a policy bundle.
 */
import { lintFold } from '../lint/lintFold.js';
import type { Finding, LintRuleId, LintSeverity } from '../lint/rules.js';
import { parsePredicate, predicateShape } from './predicateModule.js';

/** A lint finding on a predicate; line and column are 1-based. */
export interface PredicateFinding {
  readonly rule: LintRuleId | 'must-export-allow' | 'no-reserved-export';
  readonly severity: LintSeverity;
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

/**
 * Every determinism and ABI finding of a predicate module, sorted by line.
 *
 * @example
 * lintPredicate('export function allow(e){ return Date.now() > 0 }', 'policies/p.js');
 * // [{ rule: 'no-date', severity: 'error', line: 1, … }]
 */
export function lintPredicate(source: string, filename = 'predicate.js'): PredicateFinding[] {
  const findings: PredicateFinding[] = lintFold(source, filename).filter((f: Finding) => f.rule !== 'must-export-init-step');
  if (!findings.some((f) => f.rule === 'syntax')) {
    for (const p of predicateShape(parsePredicate(source, filename)).problems) {
      findings.push({ rule: p.rule, severity: 'error', message: `${filename}:${p.line}:1: ${p.message}`, line: p.line, column: 1 });
    }
  }
  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}
