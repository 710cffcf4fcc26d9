/** Shared helpers for the git adapter tests: commit builders, dist freshness, child processes. */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { encodeCommit, encodeTree, hashObject } from '@gatos/core';
import type { Oid, RawObject } from '@gatos/core';

const here = dirname(fileURLToPath(import.meta.url));
export const packageDir = join(here, '..');
export const fixturesDir = join(here, 'fixtures');

const enc = new TextEncoder();
const ident = { name: 'Gatos Test', email: 'test@example.invalid', timestamp: 1700000000, tzOffset: '+0000' };

/** blob + tree + commit for one event, with ids computed in-process. */
export function eventObjects(parents: readonly Oid[], label: string): { commit: Oid; objects: RawObject[] } {
  const blob: RawObject = { type: 'blob', body: enc.encode(`event ${label}\n`) };
  const tree: RawObject = { type: 'tree', body: encodeTree([{ mode: '100644', name: 'event', oid: hashObject('blob', blob.body) }]) };
  const commit: RawObject = {
    type: 'commit',
    body: encodeCommit({ tree: hashObject('tree', tree.body), parents, author: ident, committer: ident, message: `${label}\n` }),
  };
  return { commit: hashObject('commit', commit.body), objects: [blob, tree, commit] };
}

/** A linear chain of `n` event commits on top of `parent`, objects in write order. */
export function chain(n: number, parent: Oid | null, tag: string): { tip: Oid; commits: Oid[]; objects: RawObject[] } {
  const objects: RawObject[] = [];
  const commits: Oid[] = [];
  let tip = parent;
  for (let i = 0; i < n; i++) {
    const e = eventObjects(tip === null ? [] : [tip], `${tag}-${i}`);
    objects.push(...e.objects);
    commits.push(e.commit);
    tip = e.commit;
  }
  return { tip: tip!, commits, objects };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, name.name);
    newest = Math.max(newest, name.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Child processes run plain Node against the built `dist/` (Node 20 cannot run TypeScript), so
 * rebuild it when any source file is newer.
 */
export function ensureDistBuilt(): void {
  const distIndex = join(packageDir, 'dist', 'index.js');
  let built = 0;
  try {
    built = statSync(distIndex).mtimeMs;
  } catch {
    built = 0;
  }
  if (built >= newestMtime(join(packageDir, 'src'))) return;
  const tsc = join(packageDir, '..', '..', 'node_modules', '.bin', 'tsc');
  execFileSync(tsc, ['-b', packageDir], { stdio: 'inherit' });
}

/** A Node child running a fixture script, with line-based JSON messaging over stdio. */
export interface Child {
  readonly proc: ChildProcessWithoutNullStreams;
  /** Next stdout line, parsed as JSON. */
  next(): Promise<unknown>;
  send(msg: unknown): void;
}

export function startChild(script: string, args: readonly string[]): Child {
  const proc = spawn(process.execPath, [join(fixturesDir, script), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiting: Array<{ resolve: (line: string) => void; reject: (e: Error) => void }> = [];
  let stderr = '';
  let exited: Error | null = null;
  proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  proc.stdin.on('error', () => undefined);
  createInterface({ input: proc.stdout }).on('line', (line) => {
    const w = waiting.shift();
    if (w !== undefined) w.resolve(line);
    else lines.push(line);
  });
  proc.on('exit', (code, signal) => {
    exited = new Error(`${script} exited (${code ?? signal}): ${stderr}`);
    for (const w of waiting.splice(0)) w.reject(exited);
  });
  return {
    proc,
    next: () =>
      new Promise<unknown>((resolve, reject) => {
        const l = lines.shift();
        if (l !== undefined) resolve(JSON.parse(l) as unknown);
        else if (exited !== null) reject(exited);
        else waiting.push({ resolve: (line) => resolve(JSON.parse(line) as unknown), reject });
      }),
    send: (msg) => proc.stdin.write(`${JSON.stringify(msg)}\n`),
  };
}
