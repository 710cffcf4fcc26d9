import { parseActor, type ErrorData } from '@gatos/core';
import type { TrustGraph } from '@gatos/policy';
import { resolverError } from './errors.js';
import { findDuplicateKey } from './findDuplicateKey.js';

/** Where the read rules live inside a policy bundle (`gatos/config/resolver.json` in the work tree). */
export const RESOLVER_POLICY_PATH = 'config/resolver.json';

/** A class name: what `blob put --class` records and a token's `scope` lists. */
export const CLASS_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** Who may read: `*` (any actor of the trust graph) or the resolved list of actors. */
export interface ReaderRule {
  /** The entries as written (`*`, `user:alice`, `@clinicians`), deduplicated and sorted. */
  readonly entries: readonly string[];
  readonly anyTrusted: boolean;
  /** Named actors plus members of the named groups (resolved against the bundle's trust graph), sorted. */
  readonly actors: readonly string[];
}

/**
 * The resolver's read rules (ADR-0016): one rule for blobs without a class, one per class. A class
 * without a rule cannot be read by anyone.
 */
export interface ResolverPolicy {
  /** Whether the rules come from the bundle's `config/resolver.json` (false: the built-in default). */
  readonly declared: boolean;
  readonly unclassed: ReaderRule;
  /** Class name → rule, keys sorted. */
  readonly classes: Readonly<Record<string, ReaderRule>>;
}

const TOP_KEYS = ['version', 'unclassed', 'classes'];
const RULE_KEYS = ['readers'];
const MAX_READERS = 1024;

/**
 * The default when a bundle has no `config/resolver.json`: any trusted actor reads unclassed blobs,
 * nobody reads a classed one.
 */
export function defaultResolverPolicy(): ResolverPolicy {
  return { declared: false, unclassed: ANY_TRUSTED, classes: {} };
}

const ANY_TRUSTED: ReaderRule = { entries: ['*'], anyTrusted: true, actors: [] };

/**
 * Parses `config/resolver.json` of a bundle strictly and resolves `@group` readers against the
 * bundle's trust graph. Throws `RESOLVER_POLICY_INVALID` naming the file and what to write instead.
 *
 * @example
 * parseResolverPolicy('{"version":1,"classes":{"medical":{"readers":["@clinicians"]}}}', trust);
 */
export function parseResolverPolicy(text: string, trust: TrustGraph, where = `gatos/${RESOLVER_POLICY_PATH}`): ResolverPolicy {
  const fail = (what: string, data: ErrorData = {}): never => {
    throw resolverError('RESOLVER_POLICY_INVALID', `${where}: ${what}`, { data: { path: where, ...data } });
  };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return fail(`is not valid JSON (${(err as Error).message})`);
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== null) fail(`key ${JSON.stringify(duplicate)} appears twice in one object`);
  if (!isRecord(raw) || raw.version !== 1) return fail('must be an object with "version": 1');
  onlyKeys(raw, TOP_KEYS, 'at the top level', fail);
  const unclassed = raw.unclassed === undefined ? ANY_TRUSTED : ruleOf(raw.unclassed, 'unclassed', trust, fail);
  const classesIn = raw.classes ?? {};
  if (!isRecord(classesIn)) return fail('"classes" must be an object of class name to {"readers": [...]}');
  const classes: Record<string, ReaderRule> = {};
  for (const name of Object.keys(classesIn).sort(compare)) {
    if (!CLASS_NAME.test(name)) fail(`class name ${JSON.stringify(name.slice(0, 80))} must match ${CLASS_NAME.source}`, { class: name.slice(0, 80) });
    classes[name] = ruleOf(classesIn[name], `class ${name}`, trust, fail);
  }
  return { declared: true, unclassed, classes };
}

function ruleOf(value: unknown, label: string, trust: TrustGraph, fail: (what: string, data?: ErrorData) => never): ReaderRule {
  if (!isRecord(value)) return fail(`${label} must be an object {"readers": [...]}`);
  onlyKeys(value, RULE_KEYS, `in ${label}`, fail);
  const readers = value.readers;
  if (!Array.isArray(readers) || !readers.every((r): r is string => typeof r === 'string')) return fail(`${label}: "readers" must be an array of strings ("*", "user:<name>", "@<group>")`);
  if (readers.length > MAX_READERS) fail(`${label}: at most ${MAX_READERS} readers`);
  return readerRule(readers, trust, fail, label);
}

function readerRule(entries: readonly string[], trust: TrustGraph, fail: (what: string, data?: ErrorData) => never, label = ''): ReaderRule {
  const actors = new Set<string>();
  for (const entry of entries) {
    if (entry === '*') continue;
    if (entry.startsWith('@')) {
      const members = Object.hasOwn(trust.groups, entry.slice(1)) ? trust.groups[entry.slice(1)] : undefined;
      if (!members) {
        const known = Object.keys(trust.groups).sort(compare).map((g) => `@${g}`);
        fail(`${label}: group ${entry.slice(0, 80)} is not in the bundle's trust graph (known: ${known.join(', ') || 'none'}; add it with \`git gatos trust group\`)`);
      }
      members!.forEach((m) => actors.add(m));
      continue;
    }
    try {
      parseActor(entry);
    } catch (err) {
      fail(`${label}: reader ${JSON.stringify(entry.slice(0, 80))} is not "*", an actor or an @group (${(err as Error).message})`);
    }
    actors.add(entry);
  }
  return { entries: [...new Set(entries)].sort(compare), anyTrusted: entries.includes('*'), actors: [...actors].sort(compare) };
}

function onlyKeys(obj: Record<string, unknown>, allowed: readonly string[], where: string, fail: (what: string) => never): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) fail(`unknown key ${JSON.stringify(key.slice(0, 80))} ${where} (allowed: ${allowed.join(', ')})`);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Code-unit order, never locale order. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
