import type { ResolverPolicy } from './resolverPolicy.js';

/** Why a read was refused by the rules (the token itself was valid). */
export type ReadRefusal = 'scope-excludes-class' | 'no-rule-for-class' | 'class-denied';

export type ReadDecision =
  | { readonly allow: true; readonly rule: string }
  | { readonly allow: false; readonly reason: ReadRefusal; readonly detail: string };

/**
 * The read rule (ADR-0016), pure: may `sub` (already authenticated against the active trust graph)
 * read a blob of class `blobClass` (null: unclassed) with a token scoped to `scope` (null: no scope)?
 * 1. A classed blob needs its class in the token's scope, so a leaked token reads only what it names.
 * 2. The class needs a rule (`unclassed` for blobs without a class); a class without one is denied.
 * 3. The rule must list `*` or `sub` (directly or through a group).
 *
 * @example
 * authorizeRead(policy, { sub: 'user:alice', blobClass: 'medical', scope: ['medical'] }) // { allow: true, rule: 'classes.medical' }
 */
export function authorizeRead(policy: ResolverPolicy, request: { readonly sub: string; readonly blobClass: string | null; readonly scope: readonly string[] | null }): ReadDecision {
  const { sub, blobClass, scope } = request;
  if (blobClass !== null && !(scope ?? []).includes(blobClass)) {
    return {
      allow: false,
      reason: 'scope-excludes-class',
      detail: scope === null ? `the blob has class ${blobClass}; mint a token with --scope ${blobClass}` : `the blob has class ${blobClass}, not in the token scope "${scope.join(' ')}"`,
    };
  }
  const ruleName = blobClass === null ? 'unclassed' : `classes.${blobClass}`;
  // Own properties only: a class named like an Object.prototype member must not find one.
  const rule = blobClass === null ? policy.unclassed : Object.hasOwn(policy.classes, blobClass) ? policy.classes[blobClass] : undefined;
  if (rule === undefined) {
    const where = policy.declared ? "the active policy's config/resolver.json" : 'the active policy, which has no config/resolver.json';
    return { allow: false, reason: 'no-rule-for-class', detail: `class ${blobClass} has no rule in ${where}, so nobody may read it` };
  }
  if (rule.anyTrusted || rule.actors.includes(sub)) return { allow: true, rule: ruleName };
  return { allow: false, reason: 'class-denied', detail: `${sub} is not a reader of ${ruleName} (readers: ${rule.entries.join(', ') || 'none'})` };
}
