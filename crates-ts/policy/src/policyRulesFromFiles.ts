import { posix } from 'node:path';
import type { TrustGraph } from './trustGraph.js';
import { parsePolicyFile, policyFileError, type PolicySource } from './parsePolicyFile.js';
import type { NamespaceRule, PolicyRules, WriterRule } from './policyRuleSet.js';

/** Owned by the governance rules (SPEC-DIGEST §5 Governance), not by this language: never read here. */
export const GOVERNANCE_POLICY_FILES: readonly string[] = ['policies/governance.yaml', 'policies/governance.yml'];

export interface PolicyRulesOptions {
  /** Shown before each bundle path in errors (default `gatos/`, the directory the files come from). */
  readonly prefix?: string;
  /** Appended to errors, e.g. `in bundle <commit>`. */
  readonly context?: string;
}

/** True for the bundle paths this language reads: `policies/**\/*.yaml|yml`, except the governance file. */
export function isPolicyLanguageFile(path: string): boolean {
  return path.startsWith('policies/') && /\.ya?ml$/.test(path) && !GOVERNANCE_POLICY_FILES.includes(path);
}

/**
 * Parses every policy file among `files` (bundle paths relative to `gatos/`) in path order and resolves
 * `@group` writers against `trust`. Throws `POLICY_FILE_INVALID` naming `<file>:<line>` on the first
 * problem: a syntax or schema error, an unknown group, or a namespace ruled in two places.
 *
 * @example
 * const rules = policyRulesFromFiles(readBundleFiles(workTree), trust);
 * rules.namespaces.map((r) => r.ns); // ['finance']
 */
export function policyRulesFromFiles(files: ReadonlyMap<string, Uint8Array>, trust: TrustGraph, options: PolicyRulesOptions = {}): PolicyRules {
  const prefix = options.prefix ?? 'gatos/';
  const paths = [...files.keys()].filter(isPolicyLanguageFile).sort();
  const byNs = new Map<string, NamespaceRule>();
  for (const path of paths) {
    const source: PolicySource = { label: `${prefix}${path}`, ...(options.context ? { context: options.context } : {}) };
    const text = decodeUtf8(files.get(path)!, source);
    for (const written of parsePolicyFile(text, source)) {
      const earlier = byNs.get(written.ns);
      if (earlier) throw policyFileError(source, written.line, `namespace ${written.ns} is already ruled at ${prefix}${earlier.source}; keep one rule per namespace`);
      let writers: WriterRule | null = null;
      if (written.writers) {
        const actors = new Set<string>();
        for (const entry of written.writers.entries) {
          if (entry === '*') continue;
          if (!entry.startsWith('@')) {
            actors.add(entry);
            continue;
          }
          const members = trust.groups[entry.slice(1)];
          if (!members) {
            const known = Object.keys(trust.groups).sort().map((g) => `@${g}`);
            throw policyFileError(source, written.writers.line, `group ${entry} is not in the bundle's trust graph (known: ${known.join(', ') || 'none'}; add it with \`git gatos trust group\`)`);
          }
          members.forEach((m) => actors.add(m));
        }
        writers = { entries: written.writers.entries, anyTrusted: written.writers.entries.includes('*'), actors: [...actors].sort() };
      }
      byNs.set(written.ns, {
        ns: written.ns,
        source: `${path}:${written.line}`,
        writers,
        types: written.types
          .map((t) => ({ pattern: t.pattern, caps: t.caps, source: `${path}:${t.line}` }))
          .sort((a, b) => compare(a.pattern, b.pattern)),
        maxEventBytes: written.maxEventBytes,
        predicate: written.predicate ? resolvePredicate(files, path, written.predicate, source, prefix) : null,
      });
    }
  }
  return {
    files: paths,
    trustedActors: Object.keys(trust.actors).sort(compare),
    namespaces: [...byNs.values()].sort((a, b) => compare(a.ns, b.ns)),
  };
}

/**
 * The bundle path of a predicate written relative to its policy file. It must stay under `policies/`
 * (a predicate is policy code, hashed into the bundle like the rules) and exist in the bundle.
 */
function resolvePredicate(files: ReadonlyMap<string, Uint8Array>, policyPath: string, written: { path: string; line: number }, source: PolicySource, prefix: string): string {
  const resolved = posix.normalize(posix.join(posix.dirname(policyPath), written.path));
  if (!resolved.startsWith('policies/') || written.path.startsWith('/')) {
    throw policyFileError(source, written.line, `predicate ${JSON.stringify(written.path)} leaves ${prefix}policies/ (write a path relative to the policy file)`);
  }
  if (!files.has(resolved)) throw policyFileError(source, written.line, `predicate ${prefix}${resolved} does not exist in the bundle`);
  return resolved;
}

/** Code-unit order, never locale order: rules are hashed and compared across machines. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function decodeUtf8(bytes: Uint8Array, source: PolicySource): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw policyFileError(source, 1, 'is not valid UTF-8');
  }
}
