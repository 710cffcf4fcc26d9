/**
 * Turns fold source (one ES module) into the script the sandbox evaluates, after the static checks
 * that must hold for every run (lint is advisory; these are not).
 *
 * The module body is wrapped in a strict function so the sandbox needs no module loader (and QuickJS
 * never sees `import`). `export` keywords are blanked with spaces so guest line/column numbers stay
 * true. Every `catch` first calls `__gatos_guard(e)`, and every `finally` is preceded by a guarded
 * catch: the guard re-throws engine failures (out of memory, stack overflow) and poisons the run,
 * so guest code cannot swallow them and carry on from a point that depends on the allocator.
 */
import { parse } from 'acorn';
import type { AnyNode, Program } from 'acorn';
import { fullAncestor } from 'acorn-walk';
import { echoError } from '../errors.js';

/** The result of {@link prepareFold}. */
export interface PreparedFold {
  /** A global script whose completion value is `function (__gatos_guard) { …; return {init, step} }`. */
  readonly script: string;
  /** The same body as `new Function('__gatos_guard', …helperNames, body)` source, for the reference runner. */
  readonly body: string;
}

/** Identifiers with this prefix are reserved for the sandbox. */
export const RESERVED_PREFIX = '__gatos';

interface Edit {
  readonly at: number;
  readonly end: number;
  readonly text: string;
}

/** Parses as an ES module (ecmaVersion latest) or throws `FOLD_SYNTAX` with line and column. */
export function parseFoldModule(source: string, filename: string): Program {
  try {
    return parse(source, { ecmaVersion: 'latest', sourceType: 'module', locations: true });
  } catch (err) {
    const loc = (err as { loc?: { line: number; column: number } }).loc;
    throw echoError('FOLD_SYNTAX', `${filename}: ${(err as Error).message}`, { filename, line: loc?.line ?? null, column: loc === undefined ? null : loc.column + 1 }, err);
  }
}

function at(node: AnyNode, filename: string): { filename: string; line: number | null; column: number | null } {
  return { filename, line: node.loc?.start.line ?? null, column: node.loc === null || node.loc === undefined ? null : node.loc.start.column + 1 };
}

function blank(source: string, start: number, end: number): string {
  return source.slice(start, end).replace(/[^\n]/g, ' ');
}

/**
 * Checks the fold ABI and instruments the source.
 *
 * @throws `FOLD_SYNTAX`, `FOLD_IMPORT_FORBIDDEN`, `FOLD_ASYNC_FORBIDDEN`, `FOLD_BAD_MODULE`
 * @example prepareFold('export function init(){return 0}\nexport function step(s){return s+1}', 'count.js')
 */
export function prepareFold(source: string, filename = 'fold.js'): PreparedFold {
  const program = parseFoldModule(source, filename);
  const edits: Edit[] = [];
  const exported = new Map<string, string>();

  fullAncestor(program, (node) => {
    switch (node.type) {
      case 'ImportDeclaration':
      case 'ExportAllDeclaration':
      case 'ImportExpression':
        throw echoError('FOLD_IMPORT_FORBIDDEN', `${filename}:${node.loc?.start.line}: folds are a single module without imports`, at(node, filename));
      case 'AwaitExpression':
        throw echoError('FOLD_ASYNC_FORBIDDEN', `${filename}:${node.loc?.start.line}: await is forbidden in folds`, at(node, filename));
      case 'ForOfStatement':
        if (node.await) throw echoError('FOLD_ASYNC_FORBIDDEN', `${filename}:${node.loc?.start.line}: for await is forbidden in folds`, at(node, filename));
        break;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        if (node.async) throw echoError('FOLD_ASYNC_FORBIDDEN', `${filename}:${node.loc?.start.line}: async functions are forbidden in folds`, at(node, filename));
        break;
      case 'Identifier':
      case 'PrivateIdentifier':
        if (node.name.startsWith(RESERVED_PREFIX)) {
          throw echoError('FOLD_BAD_MODULE', `${filename}:${node.loc?.start.line}: identifiers starting with ${RESERVED_PREFIX} are reserved`, at(node, filename));
        }
        break;
      case 'ExportDefaultDeclaration':
        throw echoError('FOLD_BAD_MODULE', `${filename}:${node.loc?.start.line}: export default is not part of the fold ABI (export function init/step)`, at(node, filename));
      case 'ExportNamedDeclaration':
        if (node.source) throw echoError('FOLD_IMPORT_FORBIDDEN', `${filename}:${node.loc?.start.line}: export … from imports another module`, at(node, filename));
        if (node.declaration) {
          const decl = node.declaration;
          if (decl.type === 'VariableDeclaration') {
            for (const d of decl.declarations) if (d.id.type === 'Identifier') exported.set(d.id.name, d.id.name);
          } else exported.set(decl.id.name, decl.id.name);
          edits.push({ at: node.start, end: decl.start, text: blank(source, node.start, decl.start) });
        } else {
          for (const spec of node.specifiers) {
            const local = spec.local.type === 'Identifier' ? spec.local.name : String(spec.local.value);
            const name = spec.exported.type === 'Identifier' ? spec.exported.name : String(spec.exported.value);
            exported.set(name, local);
          }
          edits.push({ at: node.start, end: node.end, text: blank(source, node.start, node.end) });
        }
        break;
      case 'CatchClause': {
        const body = node.body;
        if (node.param === null || node.param === undefined) {
          edits.push({ at: body.start, end: body.start, text: '(__gatos_e) ' });
          edits.push({ at: body.start + 1, end: body.start + 1, text: '__gatos_guard(__gatos_e);' });
        } else if (node.param.type === 'Identifier') {
          edits.push({ at: body.start + 1, end: body.start + 1, text: `__gatos_guard(${node.param.name});` });
        } else {
          const pattern = source.slice(node.param.start, node.param.end);
          edits.push({ at: node.param.start, end: node.param.end, text: '__gatos_e' });
          edits.push({ at: body.start + 1, end: body.start + 1, text: `__gatos_guard(__gatos_e);let ${pattern}=__gatos_e;` });
        }
        break;
      }
      case 'TryStatement':
        if (node.finalizer) {
          const rethrow = 'catch(__gatos_f){__gatos_guard(__gatos_f);throw __gatos_f}';
          if (node.handler) {
            edits.push({ at: node.start, end: node.start, text: 'try{' });
            edits.push({ at: node.handler.end, end: node.handler.end, text: `}${rethrow}` });
          } else {
            edits.push({ at: node.block.end, end: node.block.end, text: rethrow });
          }
        }
        break;
      default:
        break;
    }
  });

  const init = exported.get('init');
  const step = exported.get('step');
  if (init === undefined || step === undefined) {
    throw echoError('FOLD_BAD_MODULE', `${filename}: a fold must export both init() and step(state, event)`, { filename, missing: [init === undefined ? 'init' : '', step === undefined ? 'step' : ''].filter(Boolean) });
  }

  // Apply edits back to front. The walk is post-order (children first), so at equal positions the
  // child is applied first and the parent's text lands in front of it: outer structure before inner.
  const ordered = edits.map((e, i) => ({ ...e, i })).sort((a, b) => b.at - a.at || a.i - b.i);
  let text = source;
  for (const e of ordered) text = text.slice(0, e.at) + e.text + text.slice(e.end);
  const body = `${text}\n;return {init: ${init}, step: ${step}};`;
  // The prefix stays on line 1 so guest line numbers are unchanged.
  const script = `(function(){'use strict';return function(__gatos_guard){${body}\n};})()`;
  return { script, body };
}
