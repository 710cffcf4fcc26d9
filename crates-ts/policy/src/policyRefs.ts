/** `refs/gatos/policies/active`: a plain ref (not a tag) to the active bundle commit. */
export const ACTIVE_POLICY_REF = 'refs/gatos/policies/active';

/** `refs/gatos/policies/<bundle-id>`: one ref per published bundle, id in bare lowercase hex. */
export function bundleRef(bundleId: string): string {
  return `refs/gatos/policies/${bundleId}`;
}
