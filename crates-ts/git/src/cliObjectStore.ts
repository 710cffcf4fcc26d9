/**
 * `ObjectStore` over the git CLI: reads through one long-lived `git cat-file --batch`, small
 * writes as in-process loose objects, large writes as one in-process pack indexed by
 * `git index-pack`, history queries through `git rev-list` / `git merge-base`.
 */
import type { ObjectStore, Oid, RawObject } from '@gatos/core';
import { CatFileBatch } from './catFileBatch.js';
import { objectMissing } from './objectMissing.js';
import { writeLooseObjects } from './looseObjectWriter.js';
import { buildPack } from './packWriter.js';
import { assertOid, parseObjectName } from './refName.js';
import { execGit, gitFailed } from './runGit.js';
import type { GitContext } from './updateRef.js';

/** Writes of more objects than this go through a pack; fewer become loose objects. */
export const LOOSE_WRITE_LIMIT = 64;

export class CliObjectStore implements ObjectStore {
  private readonly batch: CatFileBatch;
  private readonly check: CatFileBatch;

  /** @param objectsDir the object directory (`git rev-parse --git-path objects`, honours GIT_OBJECT_DIRECTORY). */
  constructor(
    private readonly ctx: GitContext,
    private readonly objectsDir: string,
  ) {
    this.batch = new CatFileBatch(ctx.gitDir, ctx.env);
    this.check = new CatFileBatch(ctx.gitDir, ctx.env, 'check');
  }

  async readMany(names: readonly string[]): Promise<RawObject[]> {
    for (const name of names) parseObjectName(name);
    const found = await this.batch.request(names);
    const out: RawObject[] = [];
    for (let i = 0; i < found.length; i++) {
      const o = found[i];
      if (o === null || o === undefined) throw objectMissing(names[i]!);
      out.push(o);
    }
    return out;
  }

  async read(name: string): Promise<RawObject> {
    const [o] = await this.readMany([name]);
    return o!;
  }

  async has(oid: Oid): Promise<boolean> {
    assertOid(oid, 'has()');
    const [o] = await this.check.request([oid]);
    return o !== null && o !== undefined;
  }

  async write(objects: readonly RawObject[]): Promise<Oid[]> {
    if (objects.length <= LOOSE_WRITE_LIMIT) return writeLooseObjects(this.objectsDir, objects);
    const { pack, oids } = buildPack(objects);
    // index-pack writes pack + idx into the object dir and renames them into place before it exits.
    const args = ['index-pack', '--stdin'];
    const result = await execGit(this.ctx.gitDir, args, { env: this.ctx.env, input: pack });
    if (result.exitCode !== 0) throw gitFailed(args, result);
    return oids;
  }

  async walk(tip: Oid, exclude: readonly Oid[] = []): Promise<Array<{ oid: Oid; parents: Oid[] }>> {
    assertOid(tip, 'walk() tip');
    for (const x of exclude) assertOid(x, 'walk() exclude');
    const args = ['rev-list', '--topo-order', '--reverse', '--parents', tip, ...exclude.map((x) => `^${x}`), '--'];
    const result = await execGit(this.ctx.gitDir, args, { env: this.ctx.env });
    if (result.exitCode !== 0) {
      const bad = /bad object ([0-9a-f]{40})|Invalid revision range|unknown revision/.exec(result.stderr);
      if (bad !== null) throw objectMissing(bad[1] ?? tip);
      throw gitFailed(args, result);
    }
    const text = result.stdout.toString('latin1');
    const out: Array<{ oid: Oid; parents: Oid[] }> = [];
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const [oid, ...parents] = line.split(' ');
      out.push({ oid: oid!, parents });
    }
    return out;
  }

  async isAncestor(ancestor: Oid, descendant: Oid): Promise<boolean> {
    assertOid(ancestor, 'isAncestor() ancestor');
    assertOid(descendant, 'isAncestor() descendant');
    const args = ['merge-base', '--is-ancestor', ancestor, descendant];
    const result = await execGit(this.ctx.gitDir, args, { env: this.ctx.env });
    if (result.exitCode === 0) return true;
    if (result.exitCode === 1) return false;
    const bad = /(?:bad object|Not a valid (?:commit name|object name)) ([0-9a-f]{40})/.exec(result.stderr);
    if (bad !== null) throw objectMissing(bad[1]!);
    throw gitFailed(args, result);
  }

  async close(): Promise<void> {
    await Promise.all([this.batch.close(), this.check.close()]);
  }
}
