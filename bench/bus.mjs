// bench/bus: publish, and read + ack, of N messages through the CLI (one batch publish, one read, one
// ack), each beside the raw commit-write rate of the same storage path (the @gatos/git object store
// writing N blob+tree+commit chains and one ref compare-and-swap) measured in the same run.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeCommit, encodeTree, hashObject, initHashes } from '../crates-ts/core/dist/index.js';
import { openRepository } from '../crates-ts/git/dist/index.js';
import { cli, env, gatos, git, initRepo, printJsonLines, report, time } from './lib.mjs';

const N = Number(process.env.BENCH_MESSAGES ?? 10000);
const TOPIC = 'bench.jobs.pending';

function gatosWithInput(cwd, args, input, extraEnv) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, env: { ...env, ...extraEnv }, input, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`gatos ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** N message-shaped commits (blob + one-entry tree + commit) through the same ObjectStore.write + CAS. */
async function rawCommitRate(dir, count) {
  await initHashes();
  const repo = await openRepository(dir);
  try {
    const ms = await time(async () => {
      const objects = [];
      let parent = null;
      for (let i = 0; i < count; i++) {
        const blob = new TextEncoder().encode(`{"job":"job-${i}","attempt":1,"queue":"q${i % 7}"}`);
        const tree = encodeTree([{ mode: '100644', name: 'msg.cbor', oid: hashObject('blob', blob) }]);
        const ident = { name: 'user:alice', email: 'alice@user.gatos', timestamp: 1_700_000_000 + i, tzOffset: '+0000' };
        const commit = encodeCommit({ tree: hashObject('tree', tree), parents: parent ? [parent] : [], author: ident, committer: ident, message: `gmb.msg\n\nMessage-Id: ${i}\n` });
        objects.push({ type: 'blob', body: blob }, { type: 'tree', body: tree }, { type: 'commit', body: commit });
        parent = hashObject('commit', commit);
      }
      await repo.objects.write(objects);
      await repo.refs.compareAndSwap('refs/bench/raw', null, parent);
    });
    return count / (ms / 1000);
  } finally {
    await repo.close();
  }
}

const { repo, home } = initRepo('bus');
const file = join(repo, '..', 'messages.jsonl');
writeFileSync(file, Array.from({ length: N }, (_, i) => JSON.stringify({ payload: { job: `job-${i}`, attempt: 1, queue: `q${i % 7}` } })).join('\n'));

const publishMs = await time(() => gatos(repo, ['bus', 'publish', TOPIC, '--batch', file], { GATOS_HOME: home }));
const count = Number(git(repo, ['rev-list', '--count', `refs/gatos/mbus/${TOPIC}/head`]));
if (count !== N) throw new Error(`expected ${N} message commits, found ${count}`);
const baseline = await rawCommitRate(repo, N);
report('bus', 'batch_publish_messages_per_s', N / (publishMs / 1000), 'msgs/s', baseline, `baseline: raw ObjectStore.write of ${N} commits + CAS, same repo`);

let ulids = [];
const readMs = await time(() => {
  ulids = JSON.parse(gatos(repo, ['bus', 'read', TOPIC, '--consumer', 'bench', '--json'], { GATOS_HOME: home })).messages.map((m) => m.ulid);
});
if (ulids.length !== N) throw new Error(`read ${ulids.length} messages, expected ${N}`);
const ackMs = await time(() => gatosWithInput(repo, ['bus', 'ack', TOPIC, '--consumer', 'bench', '-', '--json'], ulids.join('\n'), { GATOS_HOME: home }));
const left = JSON.parse(gatos(repo, ['bus', 'read', TOPIC, '--consumer', 'bench', '--limit', '1', '--json'], { GATOS_HOME: home })).messages.length;
if (left !== 0) throw new Error('messages left after ack');
report('bus', 'read_and_ack_messages_per_s', N / ((readMs + ackMs) / 1000), 'msgs/s', baseline, `read ${Math.round(readMs)} ms + ack ${Math.round(ackMs)} ms; baseline as above`);
printJsonLines();
