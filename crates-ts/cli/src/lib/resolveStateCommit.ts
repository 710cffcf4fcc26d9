import { GatosError, isOid, type Oid } from '@gatos/core';
import { STATE_PREFIX } from '@gatos/echo';
import type { Repository } from '@gatos/git';

/** Accepts a commit id, a full ref (`refs/gatos/state/finance`) or a state name (`finance`, `a+b`). */
export async function resolveStateCommit(repo: Repository, target: string): Promise<{ ref: string | null; commit: Oid }> {
  if (isOid(target)) return { ref: null, commit: target };
  const ref = target.startsWith('refs/') ? target : `${STATE_PREFIX}${target}`;
  const commit = await repo.refs.read(ref);
  if (!commit) {
    throw new GatosError('STATE_NOT_FOUND', `no checkpoint at ${ref} (run \`git gatos fold --ns ${target.replace(STATE_PREFIX, '')}\` first)`, { data: { ref } });
  }
  return { ref, commit };
}
