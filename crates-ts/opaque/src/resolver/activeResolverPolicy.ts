import { isGatosError, type Clock, type ObjectStore, type Oid, type RefStore } from '@gatos/core';
import { ACTIVE_POLICY_REF, loadBundle, type TrustGraph } from '@gatos/policy';
import { resolverError } from './errors.js';
import { RESOLVER_POLICY_PATH, defaultResolverPolicy, parseResolverPolicy, type ResolverPolicy } from './resolverPolicy.js';

/** What the resolver decides with: the active bundle's trust graph and read rules. */
export interface ResolverAuthority {
  readonly policyRoot: Oid;
  readonly trust: TrustGraph;
  readonly rules: ResolverPolicy;
}

/**
 * Loads the active policy bundle (`refs/gatos/policies/active`) and its `config/resolver.json`
 * (the default rules when absent). Throws `RESOLVER_NO_POLICY` when no bundle is active and
 * `RESOLVER_POLICY_INVALID` when the bundle or its resolver rules do not check.
 *
 * @example
 * const { trust, rules } = await loadResolverAuthority(repo);
 */
export async function loadResolverAuthority(store: { objects: ObjectStore; refs: RefStore }): Promise<ResolverAuthority> {
  const policyRoot = await store.refs.read(ACTIVE_POLICY_REF);
  if (policyRoot === null) {
    throw resolverError('RESOLVER_NO_POLICY', `no active policy bundle (${ACTIVE_POLICY_REF}): the resolver authenticates callers against its trust graph; run \`git gatos init\` or \`git gatos policy publish\``, {
      data: { ref: ACTIVE_POLICY_REF },
    });
  }
  return authorityAt(store, policyRoot);
}

async function authorityAt(store: { objects: ObjectStore }, policyRoot: Oid): Promise<ResolverAuthority> {
  try {
    const bundle = await loadBundle(store.objects, policyRoot);
    const bytes = bundle.files.get(RESOLVER_POLICY_PATH);
    const rules = bytes === undefined
      ? defaultResolverPolicy()
      : parseResolverPolicy(new TextDecoder('utf-8', { fatal: true }).decode(bytes), bundle.trust, `${RESOLVER_POLICY_PATH} in policy bundle ${policyRoot}`);
    return { policyRoot, trust: bundle.trust, rules };
  } catch (err) {
    if (isGatosError(err, 'RESOLVER_POLICY_INVALID')) throw err;
    const why = isGatosError(err) || err instanceof TypeError ? err.message : String(err);
    throw resolverError('RESOLVER_POLICY_INVALID', `the active policy ${policyRoot} cannot be used by the resolver: ${why}`, { data: { commit: policyRoot }, cause: err });
  }
}

/**
 * The resolver's view of the active policy, re-read at most every `refreshMs` (default 1 s), so a key
 * revocation or a rule change takes effect within that time without a restart. Each bundle commit is
 * loaded once. A load failure is returned to the caller (who denies), never cached as success.
 */
export class ActiveResolverPolicy {
  private checkedAt = -Infinity;
  private current: Promise<ResolverAuthority> | null = null;
  private readonly byCommit = new Map<Oid, Promise<ResolverAuthority>>();

  constructor(
    private readonly store: { objects: ObjectStore; refs: RefStore },
    private readonly clock: Clock,
    private readonly refreshMs = 1000,
  ) {}

  get(): Promise<ResolverAuthority> {
    const now = this.clock.now();
    if (this.current === null || now - this.checkedAt >= this.refreshMs || now < this.checkedAt) {
      this.checkedAt = now;
      this.current = this.load();
      // A failed load is retried on the next request rather than served from the cache.
      this.current.catch(() => {
        this.checkedAt = -Infinity;
      });
    }
    return this.current;
  }

  private async load(): Promise<ResolverAuthority> {
    const policyRoot = await this.store.refs.read(ACTIVE_POLICY_REF);
    if (policyRoot === null) return loadResolverAuthority(this.store);
    let loaded = this.byCommit.get(policyRoot);
    if (loaded === undefined) {
      if (this.byCommit.size >= 64) this.byCommit.clear();
      loaded = authorityAt(this.store, policyRoot);
      loaded.catch(() => this.byCommit.delete(policyRoot));
      this.byCommit.set(policyRoot, loaded);
    }
    return loaded;
  }
}
