import { blake3Hex, sha256Hex } from '@gatos/core';
import { checkPredicates, type PredicateLinter } from './checkPredicates.js';
import { canonicalBundleBytes } from './bundleDigests.js';
import { policyRulesFromFiles, type PolicyRulesOptions } from './policyRulesFromFiles.js';
import type { PolicyRules } from './policyRuleSet.js';
import { emptyTrustGraph, parseTrustGraph } from './trustGraph.js';

export interface CompiledBundle {
  /** The canonical policy tree (DAG-CBOR `{path: bytes}`), as published. */
  readonly bytes: Uint8Array;
  /** blake3 of `bytes`, lowercase hex: the `<bundle-id>` `policy publish` would write. */
  readonly bundleId: string;
  /** sha256 of `bytes`, lowercase hex: the `Policy-Code-Root` trailer. */
  readonly policyCodeRoot: string;
  /** The validated policy rules of the bundle. */
  readonly rules: PolicyRules;
}

/**
 * Validates and compiles bundle files (paths relative to `gatos/`): the trust graph parses, every
 * policy file parses with its groups resolved, every predicate exists and lints clean (ADR-0011
 * "Predicates"), every path may be part of a bundle; then the canonical
 * bytes and both ids. Nothing is written, so publishing can call this before touching the repository.
 *
 * @example
 * const { bundleId, policyCodeRoot } = compileBundle(readBundleFiles(workTree));
 */
export function compileBundle(files: ReadonlyMap<string, Uint8Array>, options: PolicyRulesOptions & { readonly predicateLinter?: PredicateLinter } = {}): CompiledBundle {
  const graph = files.get('trust/graph.json');
  const trust = graph ? parseTrustGraph(new TextDecoder().decode(graph), `${options.prefix ?? 'gatos/'}trust/graph.json`) : emptyTrustGraph();
  const rules = policyRulesFromFiles(files, trust, options);
  checkPredicates(files, rules, { ...(options.prefix !== undefined ? { prefix: options.prefix } : {}), ...(options.predicateLinter ? { linter: options.predicateLinter } : {}) });
  const bytes = canonicalBundleBytes(files);
  return { bytes, bundleId: blake3Hex(bytes), policyCodeRoot: sha256Hex(bytes), rules };
}
