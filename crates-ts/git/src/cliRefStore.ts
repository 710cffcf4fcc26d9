/** `RefStore` over the git CLI: `git rev-parse`, `git update-ref`, `git for-each-ref`. */
import type { Oid, RefStore, RefUpdate } from '@gatos/core';
import { checkUpdates, compareRefNames } from './checkUpdates.js';
import { assertRefName, assertRefPrefix } from './refName.js';
import { runGit } from './runGit.js';
import { revParseRef, updateRef, updateRefs } from './updateRef.js';
import type { GitContext } from './updateRef.js';

export class CliRefStore implements RefStore {
  constructor(private readonly ctx: GitContext) {}

  async read(ref: string): Promise<Oid | null> {
    assertRefName(ref, { allowHead: true });
    return revParseRef(this.ctx, ref);
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
