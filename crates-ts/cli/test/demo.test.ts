import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { checkoutRoot, testGitEnv } from '@gatos/testkit';

describe('the README walkthrough (examples/hello-ops/run.sh)', () => {
  it('runs to its end on a throwaway repository, with the built CLI', async () => {
    const { stdout } = await promisify(execFile)('bash', [join(checkoutRoot, 'examples/hello-ops/run.sh')], { env: { ...testGitEnv }, maxBuffer: 16 * 1024 * 1024 });
    expect(stdout).toContain('verified: checkpoint');
    expect(stdout).toMatch(/\$ git gatos job verify blake3:[0-9a-f]{64}\n(ok .*\n)+verified blake3:/);
    expect(stdout.trim().split('\n').slice(-2)).toEqual([
      'hello-ops: events signed and verified; balances folded, checkpointed and proven by replay;',
      'a job run from a blob input, its Proof-of-Execution verified, its lifecycle folded and proven.',
    ]);
  });
});
