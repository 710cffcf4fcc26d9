import { LineCounter, isAlias, isMap, isNode, isPair, isScalar, isSeq, parseDocument, type Pair } from 'yaml';
import { GatosError, assertNamespace, parseActor } from '@gatos/core';
import { typePatternProblem } from './typePattern.js';

/** One namespace rule as written, before groups are resolved (lines are 1-based). */
export interface WrittenNamespaceRule {
  readonly ns: string;
  readonly line: number;
  readonly writers: { readonly entries: readonly string[]; readonly line: number } | null;
  readonly types: ReadonlyArray<{ readonly pattern: string; readonly caps: readonly string[]; readonly line: number }>;
  readonly maxEventBytes: number | null;
  /** The predicate module as written (relative to the policy file), or null. */
  readonly predicate: { readonly path: string; readonly line: number } | null;
}

/** Where errors point: the path shown to the user (e.g. `gatos/policies/finance.yaml`) and an optional context. */
export interface PolicySource {
  readonly label: string;
  readonly context?: string;
}

const TOP_KEYS = ['version', 'namespaces'] as const;
const NS_KEYS = ['writers', 'types', 'max_event_bytes', 'predicate'] as const;
const TYPE_KEYS = ['caps'] as const;
/** `<scope>:<verb>[:<more>]`, e.g. `finance:write`. */
const CAP = /^[A-Za-z0-9][A-Za-z0-9._-]*(:[A-Za-z0-9][A-Za-z0-9._-]*)+$/;
const MAX_CAP_LENGTH = 128;

/**
 * Parses one policy file (ADR-0011) strictly: YAML syntax, then every key and value, so that each
 * error names `<file>:<line>` and what to write instead. Attacker-controlled when read from a pushed
 * bundle: aliases, unknown keys, duplicate keys and non-integer sizes are all refused.
 *
 * @example
 * parsePolicyFile('version: 1\nnamespaces:\n  finance:\n    writers: ["@finance"]\n', { label: 'gatos/policies/finance.yaml' });
 */
export function parsePolicyFile(text: string, source: PolicySource): WrittenNamespaceRule[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter: lines });
  const fail = (line: number, what: string): GatosError => policyFileError(source, line, what);
  const lineOf = (node: unknown): number => {
    const at = rangeStart(node);
    return at === undefined ? 1 : lines.linePos(at).line;
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw fail(lines.linePos(e.pos[0]).line, `YAML: ${e.message.split('\n')[0]}`);
  }
  const root = doc.contents;
  if (!isMap(root)) throw fail(lineOf(root), 'a policy file is a mapping with "version: 1" and "namespaces"');
  const top = entries(root.items, TOP_KEYS, 'at the top level', fail, lineOf);
  const version = top.get('version');
  if (!version || !isScalar(version.value) || version.value.value !== 1) throw fail(lineOf(version?.value ?? version), '"version: 1" is required');
  const namespaces = top.get('namespaces');
  if (!namespaces || !isMap(namespaces.value)) throw fail(lineOf(namespaces?.value ?? namespaces), '"namespaces" must be a mapping of namespace to rule');
  const out: WrittenNamespaceRule[] = [];
  for (const pair of namespaces.value.items) {
    const ns = keyText(pair, fail, lineOf);
    const line = lineOf(pair);
    try {
      assertNamespace(ns);
    } catch (err) {
      throw fail(line, (err as Error).message);
    }
    if (!isMap(pair.value)) throw fail(line, `namespace ${ns} needs a mapping with any of ${NS_KEYS.join(', ')}`);
    const rule = entries(pair.value.items, NS_KEYS, `in namespace ${ns}`, fail, lineOf);
    const writers = rule.get('writers');
    const types = rule.get('types');
    const size = rule.get('max_event_bytes');
    const predicate = rule.get('predicate');
    out.push({
      ns,
      line,
      writers: writers ? { entries: stringList(writers.value, `namespace ${ns}: "writers"`, fail, lineOf).map((w) => checkWriter(w, lineOf(writers.value), fail)), line: lineOf(writers.value) } : null,
      types: types ? typeRules(types.value, ns, fail, lineOf) : [],
      maxEventBytes: size ? positiveInt(size.value, `namespace ${ns}: "max_event_bytes"`, fail, lineOf) : null,
      predicate: predicate ? predicatePath(predicate.value, ns, fail, lineOf) : null,
    });
  }
  return out;
}

type Fail = (line: number, what: string) => GatosError;
type LineOf = (node: unknown) => number;

function typeRules(node: unknown, ns: string, fail: Fail, lineOf: LineOf): WrittenNamespaceRule['types'] {
  if (!isMap(node)) throw fail(lineOf(node), `namespace ${ns}: "types" must map type patterns to {caps: [...]} (e.g. "invoice.*": {caps: [finance:write]})`);
  return node.items.map((pair) => {
    const pattern = keyText(pair, fail, lineOf);
    const problem = typePatternProblem(pattern);
    if (problem) throw fail(lineOf(pair), problem);
    if (!isMap(pair.value)) throw fail(lineOf(pair), `type ${pattern} in namespace ${ns} needs {caps: [...]}`);
    const rule = entries(pair.value.items, TYPE_KEYS, `in type ${pattern} of namespace ${ns}`, fail, lineOf);
    const caps = rule.get('caps');
    if (!caps) throw fail(lineOf(pair), `type ${pattern} in namespace ${ns} needs "caps" (a list such as [finance:write])`);
    const list = stringList(caps.value, `type ${pattern}: "caps"`, fail, lineOf);
    for (const cap of list) {
      if (cap.length > MAX_CAP_LENGTH || !CAP.test(cap)) throw fail(lineOf(caps.value), `capability ${JSON.stringify(cap.slice(0, 140))} must look like <scope>:<verb> (e.g. finance:write)`);
    }
    return { pattern, caps: list, line: lineOf(pair) };
  });
}

/** The pairs of a mapping by key, refusing keys outside `allowed` (naming the allowed ones). */
function entries(items: readonly Pair[], allowed: readonly string[], where: string, fail: Fail, lineOf: LineOf): Map<string, Pair> {
  const out = new Map<string, Pair>();
  for (const pair of items) {
    const key = keyText(pair, fail, lineOf);
    if (!allowed.includes(key)) throw fail(lineOf(pair), `unknown key ${JSON.stringify(key.slice(0, 64))} ${where} (allowed: ${allowed.join(', ')})`);
    out.set(key, pair);
  }
  return out;
}

function keyText(pair: Pair, fail: Fail, lineOf: LineOf): string {
  if (isAlias(pair.key) || isAlias(pair.value)) throw fail(lineOf(pair), 'YAML aliases are not allowed in policy files (write the value out)');
  if (!isScalar(pair.key) || typeof pair.key.value !== 'string') throw fail(lineOf(pair), 'keys must be plain strings');
  return pair.key.value;
}

function stringList(node: unknown, what: string, fail: Fail, lineOf: LineOf): string[] {
  if (!isSeq(node)) throw fail(lineOf(node), `${what} must be a list of strings`);
  const out = node.items.map((item) => {
    if (!isScalar(item) || typeof item.value !== 'string' || item.value === '') throw fail(lineOf(item), `${what} must be a list of non-empty strings`);
    return item.value;
  });
  return [...new Set(out)].sort();
}

function positiveInt(node: unknown, what: string, fail: Fail, lineOf: LineOf): number {
  const v = isScalar(node) ? node.value : undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw fail(lineOf(node), `${what} must be a positive whole number of bytes`);
  return v;
}

function predicatePath(node: unknown, ns: string, fail: Fail, lineOf: LineOf): { path: string; line: number } {
  const v = isScalar(node) ? node.value : undefined;
  if (typeof v !== 'string' || !/^[^\0\\]{1,255}\.js$/.test(v)) throw fail(lineOf(node), `namespace ${ns}: "predicate" must be the path of a .js module next to the policy file (e.g. finance-rules.js)`);
  return { path: v, line: lineOf(node) };
}

function checkWriter(entry: string, line: number, fail: Fail): string {
  if (entry === '*' || entry.startsWith('@')) return entry;
  try {
    parseActor(entry);
  } catch (err) {
    throw fail(line, `writer ${JSON.stringify(entry.slice(0, 64))}: ${(err as Error).message} (or use "@group" or "*")`);
  }
  return entry;
}

/** Offset where a node (or a pair's key) starts, for line numbers. */
function rangeStart(v: unknown): number | undefined {
  if (isNode(v)) return v.range?.[0];
  if (isPair(v)) return rangeStart(v.key) ?? rangeStart(v.value);
  return undefined;
}

/** The error of every policy-file problem: `<file>:<line>: <what>`, code `POLICY_FILE_INVALID`. */
export function policyFileError(source: PolicySource, line: number, what: string): GatosError {
  return new GatosError('POLICY_FILE_INVALID', `${source.label}:${line}: ${what}${source.context ? ` (${source.context})` : ''}`, {
    data: { path: source.label, line },
  });
}
