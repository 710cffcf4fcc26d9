import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GatosError } from '@gatos/core';
import { runGit, type Repository } from '@gatos/git';
import { BUNDLE_DIRS, emptyTrustGraph, parseTrustGraph, serializeTrustGraph, type TrustGraph } from '@gatos/policy';

export const GATOS_DIR = 'gatos';
export const TRUST_GRAPH_PATH = 'gatos/trust/graph.json';

/** The work tree of a non-bare repository, or a clear error. */
export function requireWorkTree(repo: Repository): string {
  if (!repo.workTree) {
    throw new GatosError('NEEDS_WORK_TREE', `${repo.gitDir} is a bare repository; this command edits gatos/ in a working tree`, { data: { gitDir: repo.gitDir } });
  }
  return repo.workTree;
}

/** The files of `gatos/{policies,trust,config}/` as bundle paths (relative to `gatos/`), hidden files skipped. */
export function readBundleFiles(workTree: string): Map<string, Uint8Array> {
  return readBundleDir(join(workTree, GATOS_DIR));
}

/** The files of `<gatosDir>/{policies,trust,config}/` as bundle paths (relative to `gatosDir`), hidden files skipped. */
export function readBundleDir(gatosDir: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const visit = (rel: string): void => {
    const abs = join(gatosDir, rel);
    for (const name of readdirSync(abs).sort()) {
      if (name.startsWith('.')) continue;
      const child = rel ? `${rel}/${name}` : name;
      const st = statSync(join(abs, name));
      if (st.isDirectory()) visit(child);
      else if (st.isFile()) files.set(child, readFileSync(join(abs, name)));
    }
  };
  for (const dir of BUNDLE_DIRS) {
    if (existsSync(join(gatosDir, dir))) visit(dir.slice(0, -1));
  }
  return files;
}

export function readTrustGraphFile(workTree: string): TrustGraph {
  const path = join(workTree, TRUST_GRAPH_PATH);
  return existsSync(path) ? parseTrustGraph(readFileSync(path, 'utf8'), TRUST_GRAPH_PATH) : emptyTrustGraph();
}

export function writeTrustGraphFile(workTree: string, graph: TrustGraph): void {
  writeFileAtomic(join(workTree, TRUST_GRAPH_PATH), serializeTrustGraph(graph));
}

/** Write-to-temp then rename, so a crash never leaves a half-written file. */
export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/**
 * Commits `gatos/` on the current branch when it has changes; returns the new commit or null.
 * Uses the user's git identity, falling back to the gatos actor so that a fresh machine works.
 */
export async function commitGatosDir(workTree: string, message: string, actor: string): Promise<string | null> {
  await runGit(workTree, ['add', '--', GATOS_DIR]);
  const status = await runGit(workTree, ['status', '--porcelain', '--', GATOS_DIR]);
  if (!status.split('\n').some((l) => /^[MADRC]/.test(l))) return null;
  const name = (await runGit(workTree, ['config', '--get', 'user.name']).catch(() => '')).trim();
  const email = (await runGit(workTree, ['config', '--get', 'user.email']).catch(() => '')).trim();
  const env = {
    ...(name ? {} : { GIT_AUTHOR_NAME: actor, GIT_COMMITTER_NAME: actor }),
    ...(email ? {} : { GIT_AUTHOR_EMAIL: `${actor.replace(':', '.')}@gatos`, GIT_COMMITTER_EMAIL: `${actor.replace(':', '.')}@gatos` }),
  };
  await runGit(workTree, ['commit', '-q', '--no-verify', '-m', message, '--', GATOS_DIR], { env });
  return (await runGit(workTree, ['rev-parse', 'HEAD'])).trim();
}
