import { GatosError, isGatosError } from '@gatos/core';
import { runGit, type Repository } from '@gatos/git';
import { mergeFetchedRefs, type RefMove } from './mergeFetchedRefs.js';

/** Written by each node's own gate (its DENY log and genesis record): node-local, never taken from or sent to a remote. */
export const NODE_LOCAL = 'refs/gatos/audit/policy/';

/** True for refs that travel between nodes. */
export const travels = (ref: string): boolean => !ref.startsWith(NODE_LOCAL);

/**
 * Fetches `refs/gatos/*` from `remote` into `staging` (outside `refs/gatos/`, so nothing treats fetched
 * values as authoritative), merges them with `mergeFetchedRefs` (never rewriting history), then removes
 * the staged refs. Fails with `errorCode` naming the remote when the fetch fails.
 */
export async function fetchGatosRefs(repo: Repository, remote: string, staging: string, errorCode: string): Promise<RefMove[]> {
  const dir = repo.workTree ?? repo.gitDir;
  await runGit(dir, ['fetch', '--quiet', '--no-write-fetch-head', remote, `+refs/gatos/*:${staging}*`]).catch((err: unknown) => {
    const detail = isGatosError(err) ? String(err.data.stderr ?? err.message).trim() : String(err);
    throw new GatosError(errorCode, `could not fetch refs/gatos/* from ${remote}: ${detail}`, { data: { remote }, exitClass: 'check' });
  });
  const staged = await repo.refs.list(staging);
  const incoming = staged.map(({ ref, oid }) => ({ ref: `refs/gatos/${ref.slice(staging.length)}`, oid })).filter(({ ref }) => travels(ref));
  const moves = await mergeFetchedRefs(repo, incoming);
  for (const { ref, oid } of staged) await runGit(dir, ['update-ref', '-d', ref, oid]);
  return moves;
}
