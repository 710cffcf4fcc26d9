import { GatosError, isGatosError, type Oid } from '@gatos/core';
import { runGit, type Repository } from '@gatos/git';
import { ACTIVE_POLICY_REF, bundleRef, loadBundle } from '@gatos/policy';
import type { GateErrorCode } from './errors.js';

/**
 * Seeds a gate with an existing policy: fetches `refs/gatos/policies/active` (and so its whole bundle
 * lineage) from `source` — a repository path, URL or `git bundle` file — checks it loads, and sets
 * `refs/gatos/policies/active` and `refs/gatos/policies/<bundle-id>` in `repo` by compare-and-swap.
 * Idempotent when the gate already has exactly that policy; `GATE_TRUST_SEED_FAILED` when it has another.
 */
export async function seedTrust(repo: Repository, source: string): Promise<Oid> {
  const fail = (why: string, cause?: unknown): GatosError<GateErrorCode> =>
    new GatosError<GateErrorCode>('GATE_TRUST_SEED_FAILED', `cannot seed trust from ${source}: ${why}`, { data: { source }, cause, exitClass: 'usage' });
  await runGit(repo.gitDir, ['fetch', '--no-tags', '--quiet', '--', source, ACTIVE_POLICY_REF]).catch((err: unknown) => {
    throw fail(`git fetch of ${ACTIVE_POLICY_REF} failed (${isGatosError(err) ? err.message : String(err)}); is it a gatos repository or bundle with an active policy?`, err);
  });
  const commit = (await runGit(repo.gitDir, ['rev-parse', '--verify', 'FETCH_HEAD^{commit}'])).trim();
  const bundle = await loadBundle(repo.objects, commit).catch((err: unknown) => {
    throw fail(`its active policy ${commit} does not load (${isGatosError(err) ? err.message : String(err)})`, err);
  });
  const current = await repo.refs.read(ACTIVE_POLICY_REF);
  if (current !== null && current !== commit) {
    throw fail(`this gate already trusts policy ${current}; seeding applies only to a gate without one (or with the same one)`);
  }
  const ref = bundleRef(bundle.bundleId);
  const existing = await repo.refs.read(ref);
  if (existing !== commit) await repo.refs.compareAndSwap(ref, existing, commit);
  if (current === null) await repo.refs.compareAndSwap(ACTIVE_POLICY_REF, null, commit);
  return commit;
}
