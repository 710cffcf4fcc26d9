/** `RefStore` over the git CLI: `git update-ref`, `git for-each-ref`, and reads in-process or by `git rev-parse`. */
import type { Oid, RefStore, RefUpdate } from '@gatos/core';
import { checkUpdates, compareRefNames } from './checkUpdates.js';
import type { FilesRefReader } from './filesRefReader.js';
import { assertRefName, assertRefPrefix } from './refName.js';
import { runGit } from './runGit.js';
import { revParseRef, updateRef, updateRefs } from './updateRef.js';
import type { GitContext } from './updateRef.js';

export class CliRefStore implements RefStore {
  /** @param files in-process reads for the files backend (null: every read asks git) */
  constructor(private readonly ctx: GitContext, private readonly files: FilesRefReader | null = null) {}

  async read(ref: string): Promise<Oid | null> {
    assertRefName(ref, { allowHead: true });
    const answer = this.files === null ? undefined : await this.files.read(ref);
    return answer === undefined ? revParseRef(this.ctx, ref) : answer;
  }

  async compareAndSwap(ref: string, expected: Oid | null, next: Oid): Promise<void> {
    checkUpdates([{ ref, expected, next }]);
    return updateRef(this.ctx, ref, expected, next);
  }

  async compareAndSwapMany(updates: readonly RefUpdate[]): Promise<void> {
    checkUpdates(updates);
    if (updates.length > 0) await updateRefs(this.ctx, updates);
  }

  async list(prefix: string): Promise<Array<{ ref: string; oid: Oid }>> {
    assertRefPrefix(prefix);
    // for-each-ref matches whole path components; narrow to the last '/' and filter by string prefix.
    const pattern = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    const text = await runGit(this.ctx.gitDir, ['for-each-ref', '--format=%(objectname) %(refname)', pattern], { env: this.ctx.env });
    const out: Array<{ ref: string; oid: Oid }> = [];
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const ref = line.slice(41);
      if (ref.startsWith(prefix)) out.push({ ref, oid: line.slice(0, 40) });
    }
    return out.sort(compareRefNames);
  }
}
