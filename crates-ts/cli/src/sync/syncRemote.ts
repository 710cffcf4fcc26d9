import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { GatosError, isGatosError, type Oid } from '@gatos/core';
import { compileFoldFile, foldCheckpoint } from '@gatos/echo';
import { runGit, type Repository } from '@gatos/git';
import { isRewritableBusRef, parseHeadRef } from '@gatos/mind';
import { mayReplaceRemote } from './busRefs.js';
import { type RefMove } from './mergeFetchedRefs.js';
import { fetchGatosRefs, travels } from './fetchGatosRefs.js';

/** Fetched refs land here first: outside `refs/gatos/`, so nothing treats them as authoritative. */
const STAGING = 'refs/gatos-sync/incoming/';


export interface SyncReport {
  readonly remote: string;
  readonly fetched: RefMove[];
  /** Checkpoints written for namespaces whose journals moved. */
  readonly refolded: Array<{ ref: string; commit: Oid; changed: boolean }>;
  /** Refs sent to the remote. */
  readonly pushed: string[];
  /** `GATOS DENY <rule> <ref>: <reason>` lines from the server when the push was refused. */
  readonly denied: string[];
  readonly ok: boolean;
}

/**
 * `git gatos sync`: fetch `refs/gatos/**` from `remote`, merge (fast-forward, reconcile checkpoints),
 * re-fold every fold declared in `gatos/folds/` (a no-op where nothing changed), then push what the remote
 * lacks in one atomic push. Journals are never merged or rewritten: actors only append to their own.
 */
export async function syncRemote(repo: Repository, remote: string, options: { refold?: boolean } = {}): Promise<SyncReport> {
  const dir = repo.workTree ?? repo.gitDir;
  const fetched = await fetchGatosRefs(repo, remote, STAGING, 'SYNC_FETCH_FAILED');

  const refolded = options.refold === false || !repo.workTree ? [] : await refoldAll(repo, repo.workTree);
  const { pushed, denied } = await pushAhead(repo, dir, remote);
  const conflicts = fetched.filter((m) => m.action === 'conflict');
  return { remote, fetched, refolded, pushed, denied, ok: denied.length === 0 && conflicts.length === 0 };
}

/**
 * Re-folds every fold declared in `gatos/folds/`: journals may have moved on either side (fetched, or
 * appended here since the last checkpoint), and a fold over unchanged heads writes nothing.
 */
async function refoldAll(repo: Repository, workTree: string): Promise<SyncReport['refolded']> {
  const dir = join(workTree, 'gatos', 'folds');
  if (!existsSync(dir)) return [];
  const out: SyncReport['refolded'] = [];
  for (const file of readdirSync(dir).filter((x) => x.endsWith('.yaml') || x.endsWith('.yml')).sort()) {
    const r = await foldCheckpoint(repo, compileFoldFile(join(dir, file)));
    out.push({ ref: r.ref, commit: r.commit, changed: r.changed });
  }
  return out;
}

/**
 * Pushes every local `refs/gatos/**` ref that the remote lacks or is behind on, atomically; a bus segment
 * pruned here (and its head) replaces the remote's value when it summarises exactly the remote's messages.
 */
async function pushAhead(repo: Repository, dir: string, remote: string): Promise<{ pushed: string[]; denied: string[] }> {
  const remoteRefs = new Map(
    (await runGit(dir, ['ls-remote', remote, 'refs/gatos/*']))
      .split('\n').filter(Boolean).map((l) => l.split('\t') as [string, string]).map(([oid, ref]) => [ref, oid]),
  );
  const local = (await repo.refs.list('refs/gatos/')).filter(({ ref }) => travels(ref));
  const ahead: string[] = [];
  const forced = new Set<string>();
  const remoteWillHold = (ref: string, oid: Oid): boolean => remoteRefs.get(ref) === oid || ahead.includes(ref);
  // Heads last: whether a head may move depends on whether its newest segment is pushed.
  local.sort((a, b) => Number(parseHeadRef(a.ref) !== null) - Number(parseHeadRef(b.ref) !== null));
  for (const { ref, oid } of local) {
    const theirs = remoteRefs.get(ref);
    if (theirs === oid) continue;
    if (theirs && !(await repo.objects.has(theirs).then((h) => h && repo.objects.isAncestor(theirs, oid)))) {
      // A segment pruned here, or a head that moved to a newer segment or a summary: pushed over the remote's value, which the remote's gate re-checks.
      if (!isRewritableBusRef(ref) || !(await repo.objects.has(theirs)) || !(await mayReplaceRemote(repo, ref, theirs, oid, remoteWillHold))) continue;
      forced.add(ref);
    }
    ahead.push(ref);
  }
  if (ahead.length === 0) return { pushed: [], denied: [] };
  try {
    await runGit(dir, ['push', '--quiet', '--atomic', remote, ...ahead.map((r) => `${forced.has(r) ? '+' : ''}${r}:${r}`)]);
    return { pushed: ahead, denied: [] };
  } catch (err) {
    const stderr = isGatosError(err) ? String(err.data.stderr ?? err.message) : String(err);
    const denied = stderr.split('\n').map((l) => l.replace(/^remote:\s*/, '').trim()).filter((l) => l.startsWith('GATOS DENY '));
    if (denied.length === 0) {
      throw new GatosError('SYNC_PUSH_FAILED', `push to ${remote} failed: ${stderr.trim().split('\n').slice(-1)[0]}`, { data: { remote }, exitClass: 'check' });
    }
    return { pushed: [], denied };
  }
}
