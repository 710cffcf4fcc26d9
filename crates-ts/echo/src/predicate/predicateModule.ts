/**
 * The predicate ABI (ADR-0011 "Predicates"): one ES module without imports exporting
 * `allow(event, context)`. A predicate runs as a generated fold, so it gets exactly the fold
 * sandbox's lockdown, limits and instrumentation; this file checks the ABI and writes that fold.
 */
import type { Program } from 'acorn';
import { simple } from 'acorn-walk';
import { parseFoldModule } from '../module/prepareFold.js';

/** Identifiers with this prefix belong to the generated fold around a predicate. */
export const PREDICATE_RESERVED_PREFIX = '$gatos';

/** What is wrong with a predicate module's shape, with the 1-based line to point at. */
export interface PredicateShapeProblem {
  readonly rule: 'must-export-allow' | 'no-reserved-export';
  readonly message: string;
  readonly line: number;
}

/** The local name bound to the `allow` export and every ABI problem (empty when usable). */
export function predicateShape(program: Program): { allowLocal: string | null; problems: PredicateShapeProblem[] } {
  let allowLocal: string | null = null;
  const problems: PredicateShapeProblem[] = [];
  const exported = (name: string, local: string, line: number): void => {
    if (name === 'allow') allowLocal = local;
    // init/step are the generated fold's own exports: a predicate defining them would shadow the wrapper.
    if (name === 'init' || name === 'step') problems.push({ rule: 'no-reserved-export', message: `export ${name} is reserved (a predicate exports allow(event, context) only)`, line });
  };
  simple(program, {
    ExportNamedDeclaration(node) {
      const line = node.loc?.start.line ?? 1;
      const decl = node.declaration;
      if (decl) {
        if (decl.type === 'VariableDeclaration') {
          for (const d of decl.declarations) if (d.id.type === 'Identifier') exported(d.id.name, d.id.name, line);
        } else exported(decl.id.name, decl.id.name, line);
      }
      for (const spec of node.specifiers) {
        const local = spec.local.type === 'Identifier' ? spec.local.name : String(spec.local.value);
        exported(spec.exported.type === 'Identifier' ? spec.exported.name : String(spec.exported.value), local, line);
      }
    },
    Identifier(node) {
      if (node.name.startsWith(PREDICATE_RESERVED_PREFIX)) {
        problems.push({ rule: 'no-reserved-export', message: `identifiers starting with ${PREDICATE_RESERVED_PREFIX} are reserved for the predicate wrapper`, line: node.loc?.start.line ?? 1 });
      }
    },
  });
  if (allowLocal === null) problems.push({ rule: 'must-export-allow', message: 'a predicate must export function allow(event, context) returning true or a reason string', line: 1 });
  return { allowLocal, problems };
}

/** Parses a predicate (throws `FOLD_SYNTAX` with line and column). */
export function parsePredicate(source: string, filename: string): Program {
  return parseFoldModule(source, filename);
}

/** Longest reason string kept inside the sandbox (the host caps again for display). */
export const MAX_REASON_CHARS = 1024;

/**
 * The fold around a predicate: the state is the list of verdicts so far, one per event, each
 * `['allow']`, `['deny', reason]`, `['threw', message]` or `['bad', what]`. Appended after the
 * predicate's last line, so the predicate's own line numbers stay true in every error.
 */
export function wrapPredicate(source: string, allowLocal: string, context: unknown): string {
  return `${source}
;export { $gatosPredicateInit as init, $gatosPredicateStep as step };
const $gatosPredicateContext = Object.freeze(${JSON.stringify(context)});
function $gatosPredicateInit() { return []; }
function $gatosPredicateMessage(err) {
  if (err !== null && typeof err === 'object' && typeof err.message === 'string') {
    return (typeof err.name === 'string' ? err.name : 'Error') + ': ' + err.message.slice(0, ${MAX_REASON_CHARS});
  }
  return '(a non-Error ' + (err === null ? 'null' : typeof err) + ' was thrown)';
}
function $gatosPredicateStep(verdicts, e) {
  let v;
  try { v = ${allowLocal}(e.payload, $gatosPredicateContext); }
  catch (err) { verdicts.push(['threw', $gatosPredicateMessage(err)]); return verdicts; }
  if (v === true) verdicts.push(['allow']);
  else if (typeof v === 'string') verdicts.push(['deny', v.slice(0, ${MAX_REASON_CHARS})]);
  else verdicts.push(['bad', v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v]);
  return verdicts;
}
`;
}
