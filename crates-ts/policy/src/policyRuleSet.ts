/**
 * The parsed policy rules of a bundle (ADR-0011): plain, sorted data, so the same bundle always gives
 * the same rules and the same verdicts. Built by `policyRulesFromFiles` / `loadPolicyRules`.
 */
export interface PolicyRules {
  /** Policy files read, as bundle paths (`policies/<name>.yaml`), sorted. `policies/governance.yaml` is never read here. */
  readonly files: readonly string[];
  /** Every actor the bundle's trust graph names, sorted: what writer `*` means. */
  readonly trustedActors: readonly string[];
  /** One rule per namespace, sorted by namespace. A namespace without a rule: any trusted actor, no caps, gate size cap only. */
  readonly namespaces: readonly NamespaceRule[];
}

export interface NamespaceRule {
  readonly ns: string;
  /** Where the rule was written: `policies/<file>.yaml:<line>`. */
  readonly source: string;
  /** Who may append; null when the rule does not say (any trusted actor). */
  readonly writers: WriterRule | null;
  /** Type patterns and the caps each requires, sorted by pattern. Every matching pattern applies. */
  readonly types: readonly TypeRule[];
  /** Largest event.cbor accepted in this namespace, or null (the gate's own cap only). */
  readonly maxEventBytes: number | null;
  /**
   * The bundle path (`policies/<name>.js`) of the namespace's predicate, or null. A predicate exports
   * `allow(event, context)` and runs in the fold sandbox for every event of the namespace (ADR-0011 "Predicates").
   */
  readonly predicate: string | null;
}

export interface WriterRule {
  /** The entries as written (`user:alice`, `@leads`, `*`), deduplicated and sorted. */
  readonly entries: readonly string[];
  /** True when `*` is listed: any actor of the trust graph. */
  readonly anyTrusted: boolean;
  /** Named actors plus the members of the listed groups, resolved against the bundle's trust graph, sorted. */
  readonly actors: readonly string[];
}

export interface TypeRule {
  /** `*`, an exact event type, or `<prefix>.*` (any type below `<prefix>.`). */
  readonly pattern: string;
  /** Capabilities an event of a matching type must carry in its envelope `caps`, sorted. */
  readonly caps: readonly string[];
  readonly source: string;
}
