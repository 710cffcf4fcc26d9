import { JOBS_NS, jobsFold } from '@gatos/compute';
import { isGatosError } from '@gatos/core';
import { findFold, type CompiledFold } from '@gatos/echo';
import type { Repository } from '@gatos/git';
import { requireWorkTree } from './workTree.js';

/**
 * The fold declared in gatos/folds/ for `ns`, or the built-in one gatos ships for it (namespace
 * `jobs`: the job lifecycle), so `git gatos fold --ns jobs` works in any repository, even a bare one.
 */
export function foldFor(repo: Repository, ns: string, name: string | undefined): CompiledFold {
  const builtin = ns === JOBS_NS && (name === undefined || name === jobsFold().spec.name) ? jobsFold() : null;
  if (!repo.workTree && builtin !== null) return builtin;
  try {
    return findFold(requireWorkTree(repo), { ns, ...(name ? { name } : {}) }).fold;
  } catch (err) {
    if (builtin !== null && isGatosError(err, 'FOLD_NOT_FOUND')) return builtin;
    throw err;
  }
}
