/**
 * A state predicate written in JS: one ES module without imports exporting `check(state)` that returns
 * `true` (good) or `false` (bad). It runs as a generated one-event fold, so it gets exactly the fold
 * sandbox's lockdown, determinism and pinned limits (ADR-0002); a runaway check stops on fuel.
 */
import { GatosError, isGatosError } from '@gatos/core';
import { full, simple } from 'acorn-walk';
import { parseFoldModule } from '../module/prepareFold.js';
import { runFold } from '../runFold.js';
import type { FoldLimits, FoldState } from '../types.js';
import type { StatePredicate } from './statePredicate.js';

/** Identifiers with this prefix belong to the generated fold around a check. */
const RESERVED = '$gatos';
const MAX_MESSAGE_CHARS = 1024;

/** The local name bound to the `check` export; `BISECT_PREDICATE_INVALID` naming the line otherwise. */
function checkExport(source: string, filename: string): string {
  let program;
  try {
    program = parseFoldModule(source, filename);
  } catch (err) {
    throw new GatosError('BISECT_PREDICATE_INVALID', isGatosError(err) ? err.message : `${filename}: ${String(err)}`, { data: { predicate: filename }, cause: err });
  }
  let local: string | null = null;
  const reserved = (node: { name: string; loc?: { start: { line: number } } | null }): void => {
    if (node.name.startsWith(RESERVED)) throw invalid(filename, `line ${node.loc?.start.line ?? 1}: identifiers starting with ${RESERVED} are reserved`);
  };
  const lineOf = (node: { loc?: { start: { line: number } } | null }): number => node.loc?.start.line ?? 1;
  simple(program, {
    ImportDeclaration: (node) => { throw invalid(filename, `line ${lineOf(node)}: import is not allowed (a predicate is one self-contained module)`); },
    ImportExpression: (node) => { throw invalid(filename, `line ${lineOf(node)}: import() is not allowed`); },
    ExportAllDeclaration: (node) => { throw invalid(filename, `line ${lineOf(node)}: export … from is not allowed`); },
    ExportDefaultDeclaration: (node) => { throw invalid(filename, `line ${lineOf(node)}: export default is not used; export function check(state)`); },
    ExportNamedDeclaration(node) {
      const line = lineOf(node);
      if (node.source) throw invalid(filename, `line ${line}: export … from is not allowed`);
      const names: Array<[string, string]> = [];
      const decl = node.declaration;
      if (decl?.type === 'VariableDeclaration') for (const d of decl.declarations) d.id.type === 'Identifier' && names.push([d.id.name, d.id.name]);
      else if (decl) names.push([decl.id.name, decl.id.name]);
      for (const s of node.specifiers) {
        const l = s.local.type === 'Identifier' ? s.local.name : String(s.local.value);
        names.push([s.exported.type === 'Identifier' ? s.exported.name : String(s.exported.value), l]);
      }
      for (const [name, l] of names) {
        // init/step are the generated fold's own exports; a check module defining them would shadow the wrapper.
        if (name === 'init' || name === 'step') throw invalid(filename, `line ${line}: export ${name} is reserved (a bisect predicate exports check(state) only)`);
        if (name === 'check') local = l;
      }
    },
  });
  // `full` also reaches declared names (patterns), which `simple` does not report as identifiers.
  full(program, (node) => {
    if (node.type === 'Identifier') reserved(node as unknown as { name: string; loc?: { start: { line: number } } | null });
  });
  if (local === null) throw invalid(filename, 'a bisect predicate must export function check(state) returning true (good) or false (bad)');
  return local;
}

/** The one-event fold around a check: its state is the verdict on the event's payload (the state under test). */
function wrapCheck(source: string, local: string): string {
  return `${source}
;export { $gatosBisectInit as init, $gatosBisectStep as step };
function $gatosBisectInit() { return null; }
function $gatosBisectStep(_verdict, e) {
  let v;
  try { v = ${local}(e.payload); }
  catch (err) {
    const m = err !== null && typeof err === 'object' && typeof err.message === 'string' ? (typeof err.name === 'string' ? err.name : 'Error') + ': ' + err.message : '(a non-Error ' + (err === null ? 'null' : typeof err) + ' was thrown)';
    return ['threw', m.slice(0, ${MAX_MESSAGE_CHARS})];
  }
  if (v === true) return ['good'];
  if (v === false) return ['bad'];
  return ['result', v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v];
}
`;
}

/**
 * Loads a JS state predicate. The module is checked now (syntax, `check` export), so a broken file
 * fails before any fold runs. Every evaluation is a fresh sandbox with the pinned fold limits.
 *
 * @example
 * const p = jsStatePredicate('export function check(s){ return Object.values(s.customers).every((b) => b >= 0) }', 'no-negative.js');
 * await p.evaluate({ customers: { acme: -1 } }, { events: 12 }); // 'bad'
 */
export function jsStatePredicate(source: string, filename: string, options: { limits?: Partial<FoldLimits> } = {}): StatePredicate {
  const wrapped = wrapCheck(source, checkExport(source, filename));
  return {
    describe: filename,
    async evaluate(state: FoldState, at: { events: number }) {
      const event = { cid: `state@${at.events}`, actor: 'gatos:bisect', ulid: '00000000000000000000000000', type: 'bisect.check', payload: state };
      let verdict: FoldState;
      try {
        ({ state: verdict } = await runFold({ source: wrapped, filename, batches: [[event]], ...(options.limits ? { limits: options.limits } : {}) }));
      } catch (err) {
        if (!isGatosError(err) || err.code === 'FOLD_ENGINE_ABORTED') throw err;
        throw failed(filename, at.events, `${err.message.split('\n')[0]}`, err.code, err);
      }
      const [kind, detail] = verdict as [string, string?];
      if (kind === 'good' || kind === 'bad') return kind;
      if (kind === 'threw') throw failed(filename, at.events, `check threw ${detail ?? ''}`, 'PREDICATE_THREW');
      throw failed(filename, at.events, `check returned ${detail ?? 'something else'}, not true or false`, 'PREDICATE_BAD_RESULT');
    },
  };
}

function invalid(filename: string, why: string): GatosError {
  return new GatosError('BISECT_PREDICATE_INVALID', `${filename}: ${why}`, { data: { predicate: filename } });
}

function failed(filename: string, events: number, why: string, cause: string, err?: unknown): GatosError {
  return new GatosError('BISECT_PREDICATE_FAILED', `predicate ${filename} failed on the state after ${events} events: ${why}`, {
    data: { predicate: filename, events, cause }, ...(err ? { cause: err } : {}),
  });
}
