/**
 * `lintFold`: static checks for fold modules (rule table in `./rules.ts`). Advisory: the sandbox
 * enforces what matters at run time; lint explains it earlier, with a line and column.
 */
import { parse } from 'acorn';
import type { AnyNode, Node, Pattern, Program } from 'acorn';
import { fullAncestor } from 'acorn-walk';
import { LINT_RULES } from './rules.js';
import type { Finding, LintRuleId } from './rules.js';

const BANNED_GLOBALS: Readonly<Record<string, LintRuleId>> = {
  Date: 'no-date',
  eval: 'no-eval',
  Function: 'no-function-constructor',
  WeakRef: 'no-weakref',
  FinalizationRegistry: 'no-finalization-registry',
  SharedArrayBuffer: 'no-shared-array-buffer',
  Atomics: 'no-atomics',
  Intl: 'no-locale',
  Promise: 'no-promise',
};
const GLOBAL_OBJECTS = new Set(['globalThis', 'self', 'window', 'global']);
const TRANSCENDENTAL = new Set(['sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'exp', 'expm1', 'log', 'log1p', 'log2', 'log10', 'pow', 'cbrt', 'hypot']);
const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

type Fn = AnyNode & { type: 'FunctionDeclaration' | 'FunctionExpression' | 'ArrowFunctionExpression' };

function patternNames(p: Pattern | null | undefined, out: Set<string>): void {
  if (!p) return;
  switch (p.type) {
    case 'Identifier': out.add(p.name); break;
    case 'ObjectPattern': for (const prop of p.properties) patternNames(prop.type === 'RestElement' ? prop : prop.value, out); break;
    case 'ArrayPattern': for (const el of p.elements) patternNames(el, out); break;
    case 'RestElement': patternNames(p.argument, out); break;
    case 'AssignmentPattern': patternNames(p.left, out); break;
    default: break;
  }
}

/** Names a node declares, for the scope checks (functions: params and everything not in a nested function). */
function declaredIn(node: AnyNode, cache: WeakMap<Node, Set<string>>): Set<string> {
  const hit = cache.get(node);
  if (hit) return hit;
  const names = new Set<string>();
  if (FUNCTION_TYPES.has(node.type)) {
    const fn = node as Fn;
    for (const p of fn.params) patternNames(p, names);
    const visit = (n: unknown): void => {
      if (n === null || typeof n !== 'object') return;
      if (Array.isArray(n)) return n.forEach(visit);
      const t = (n as { type?: unknown }).type;
      if (typeof t !== 'string') return;
      const nd = n as AnyNode;
      if (nd.type === 'VariableDeclarator') patternNames(nd.id, names);
      if ((nd.type === 'FunctionDeclaration' || nd.type === 'ClassDeclaration') && nd.id) names.add(nd.id.name);
      if (nd.type === 'CatchClause') patternNames(nd.param, names);
      if (FUNCTION_TYPES.has(nd.type)) return;
      for (const [k, v] of Object.entries(nd)) if (k !== 'loc') visit(v);
    };
    visit(fn.body);
  }
  cache.set(node, names);
  return names;
}

function propName(node: AnyNode): string | undefined {
  if (node.type !== 'MemberExpression') return undefined;
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  if (node.property.type === 'Literal' && typeof node.property.value === 'string') return node.property.value;
  return undefined;
}

function objectName(node: AnyNode): string | undefined {
  return node.type === 'MemberExpression' && node.object.type === 'Identifier' ? node.object.name : undefined;
}

/** True when an Identifier is a variable reference (not a property name, key or label). */
function isReference(node: AnyNode, parent: AnyNode | undefined): boolean {
  if (!parent) return true;
  if (parent.type === 'MemberExpression' && parent.property === node && !parent.computed) return false;
  if ((parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') && parent.key === node && !parent.computed) {
    return parent.type === 'Property' && parent.shorthand;
  }
  if (parent.type === 'LabeledStatement' || parent.type === 'BreakStatement' || parent.type === 'ContinueStatement') return false;
  if (parent.type === 'ExportSpecifier' && parent.exported === node && parent.local !== node) return false;
  return true;
}

function parseForLint(source: string): { program?: Program; syntax?: Finding } {
  try {
    return { program: parse(source, { ecmaVersion: 'latest', sourceType: 'module', locations: true }) };
  } catch (err) {
    const loc = (err as { loc?: { line: number; column: number } }).loc ?? { line: 1, column: 0 };
    const syntax: Finding = { rule: 'syntax', severity: 'error', message: (err as Error).message, line: loc.line, column: loc.column + 1 };
    // `with` is a syntax error in modules; parse sloppily to report it under its own rule.
    try {
      const program = parse(source, { ecmaVersion: 'latest', sourceType: 'script', allowImportExportEverywhere: true, allowAwaitOutsideFunction: true, locations: true });
      let hasWith = false;
      fullAncestor(program, (n) => {
        if (n.type === 'WithStatement') hasWith = true;
      });
      if (hasWith) return { program };
    } catch {
      /* report the module-mode error */
    }
    return { syntax };
  }
}

/**
 * Lints a fold module. Findings are sorted by position; line and column are 1-based.
 *
 * @example lintFold('export function init(){return Date.now()}\nexport function step(s){return s}', 'f.js')
 * // [{ rule: 'no-date', severity: 'error', message: 'f.js:1:31: Date is removed: …', line: 1, column: 31 }]
 */
export function lintFold(source: string, filename = 'fold.js'): Finding[] {
  const { program, syntax } = parseForLint(source);
  if (!program) return syntax ? [{ ...syntax, message: `${filename}:${syntax.line}:${syntax.column}: ${syntax.message}` }] : [];

  const findings: Finding[] = [];
  const report = (rule: LintRuleId, node: AnyNode, detail?: string): void => {
    const line = node.loc?.start.line ?? 1;
    const column = (node.loc?.start.column ?? 0) + 1;
    const text = detail ? `${detail}: ${LINT_RULES[rule].summary}` : LINT_RULES[rule].summary;
    findings.push({ rule, severity: LINT_RULES[rule].severity, message: `${filename}:${line}:${column}: ${text}`, line, column });
  };

  const declaredAnywhere = new Set<string>();
  const topLevelMutable = new Set<string>();
  fullAncestor(program, (node) => {
    if (node.type === 'VariableDeclarator') patternNames(node.id, declaredAnywhere);
    if ((node.type === 'FunctionDeclaration' || node.type === 'ClassDeclaration' || node.type === 'FunctionExpression' || node.type === 'ClassExpression') && node.id) declaredAnywhere.add(node.id.name);
    if (FUNCTION_TYPES.has(node.type)) for (const p of (node as Fn).params) patternNames(p, declaredAnywhere);
    if (node.type === 'CatchClause') patternNames(node.param, declaredAnywhere);
  });
  for (const stmt of program.body) {
    const decl = stmt.type === 'ExportNamedDeclaration' ? stmt.declaration : stmt;
    if (decl?.type === 'VariableDeclaration' && decl.kind !== 'const') for (const d of decl.declarations) patternNames(d.id, topLevelMutable);
  }

  const exported = new Set<string>();
  const scopes = new WeakMap<Node, Set<string>>();
  fullAncestor(program, (node, _state, ancestors) => {
    const parent = ancestors[ancestors.length - 2];
    switch (node.type) {
      case 'Identifier': {
        if (node.name.startsWith('__gatos')) report('no-reserved-name', node, node.name);
        const rule = BANNED_GLOBALS[node.name];
        if (rule && isReference(node, parent)) report(rule, node, node.name);
        break;
      }
      case 'MemberExpression': {
        const prop = propName(node);
        const obj = objectName(node);
        if (prop === undefined) break;
        if (obj !== undefined && GLOBAL_OBJECTS.has(obj) && BANNED_GLOBALS[prop]) report(BANNED_GLOBALS[prop] as LintRuleId, node, `${obj}.${prop}`);
        if (obj === 'Math' && prop === 'random') report('no-math-random', node, 'Math.random');
        if (obj === 'Math' && TRANSCENDENTAL.has(prop)) report('no-transcendental-math', node, `Math.${prop}`);
        if (obj === 'Object' && (prop === 'keys' || prop === 'values' || prop === 'entries')) report('no-unordered-keys', node, `Object.${prop}`);
        if (prop === 'constructor') report('no-function-constructor', node, '.constructor');
        if (prop === 'localeCompare' || prop.startsWith('toLocale')) report('no-locale', node, prop);
        break;
      }
      case 'CallExpression': {
        const prop = propName(node.callee);
        if ((prop === 'sort' || prop === 'toSorted') && node.arguments.length === 0) report('no-sort-without-comparator', node, `.${prop}()`);
        break;
      }
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        if (node.async) report('no-async', node, 'async function');
        break;
      case 'AwaitExpression':
        report('no-await', node);
        break;
      case 'ForOfStatement':
        if (node.await) report('no-await', node, 'for await');
        break;
      case 'ImportDeclaration':
      case 'ExportAllDeclaration':
        report('no-import', node);
        break;
      case 'ExportNamedDeclaration':
        if (node.source) report('no-import', node, 'export … from');
        if (node.declaration) {
          const d = node.declaration;
          if (d.type === 'VariableDeclaration') for (const v of d.declarations) patternNames(v.id, exported);
          else exported.add(d.id.name);
        }
        for (const s of node.specifiers) exported.add(s.exported.type === 'Identifier' ? s.exported.name : String(s.exported.value));
        break;
      case 'ImportExpression':
        report('no-dynamic-import', node);
        break;
      case 'WithStatement':
        report('no-with', node);
        break;
      case 'ForInStatement':
        report('no-for-in', node, 'for…in');
        break;
      case 'Literal':
        if (typeof node.value === 'number' && !Number.isInteger(node.value)) report('no-float-literal', node, String(node.raw));
        break;
      case 'AssignmentExpression':
      case 'UpdateExpression': {
        const target = node.type === 'AssignmentExpression' ? node.left : node.argument;
        const inFunction = ancestors.slice(0, -1).filter((a) => FUNCTION_TYPES.has(a.type));
        if (target.type === 'MemberExpression') {
          const base = target.object;
          if (base.type === 'Identifier' && GLOBAL_OBJECTS.has(base.name) && !declaredAnywhere.has(base.name)) report('no-global-write', node, `${base.name}.${propName(target) ?? '[…]'}`);
          if (base.type === 'ThisExpression' && !inFunction.some((f) => f.type !== 'ArrowFunctionExpression')) report('no-global-write', node, 'top-level this');
        } else if (target.type === 'Identifier') {
          if (!declaredAnywhere.has(target.name)) report('no-global-write', node, `undeclared ${target.name}`);
          else if (topLevelMutable.has(target.name) && inFunction.length > 0 && !inFunction.some((f) => declaredIn(f, scopes).has(target.name))) {
            report('no-module-state', node, target.name);
          }
        }
        break;
      }
      default:
        break;
    }
  });

  for (const name of ['init', 'step']) {
    if (!exported.has(name)) findings.push({ rule: 'must-export-init-step', severity: 'error', message: `${filename}:1:1: missing export ${name}: ${LINT_RULES['must-export-init-step'].summary}`, line: 1, column: 1 });
  }
  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}
