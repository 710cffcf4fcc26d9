// Throughput of the git adapters on a fresh repository (run after `npx tsc -b crates-ts/git`):
//   node crates-ts/git/bench/throughput.mjs [commits=20000] [runs=3]
// Prints medians: pack write vs a `git fast-import` baseline of the same commits, readMany,
// loose writes. Identical commit ids from both writers are checked, not assumed.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRepository } from '../dist/index.js';

const N = Number(process.argv[2] ?? 20000);
const RUNS = Number(process.argv[3] ?? 3);
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
const who = 'Bench <bench@example.invalid> 1700000000 +0000';
const oidOf = (type, body) => createHash('sha1').update(`${type} ${body.length}\0`).update(body).digest('hex');

function events(n) {
  const objects = [];
  const commits = [];
  const blobs = [];
  let parent = null;
  for (let i = 0; i < n; i++) {
    const blob = Buffer.from(`{"event":${i},"payload":"${'x'.repeat(i % 50)}"}\n`);
    const tree = Buffer.concat([Buffer.from('100644 event\0'), Buffer.from(oidOf('blob', blob), 'hex')]);
    const msg = `event ${i}\n`;
    const commit = Buffer.from(`tree ${oidOf('tree', tree)}\n${parent ? `parent ${parent}\n` : ''}author ${who}\ncommitter ${who}\n\n${msg}`);
    objects.push({ type: 'blob', body: blob }, { type: 'tree', body: tree }, { type: 'commit', body: commit });
    parent = oidOf('commit', commit);
    commits.push(parent);
    blobs.push({ blob, msg });
  }
  return { objects, commits, blobs, tip: parent };
}

function freshRepo() {
  const dir = mkdtempSync(join(tmpdir(), 'gatos-bench-'));
  execFileSync('git', ['init', '-q', '--bare', dir], { env });
  return dir;
}

function fastImportStream(blobs) {
  const parts = [];
  blobs.forEach(({ blob, msg }, i) => {
    parts.push(`commit refs/gatos/fi\nmark :${i + 1}\nauthor ${who}\ncommitter ${who}\ndata ${Buffer.byteLength(msg)}\n${msg}`);
    if (i > 0) parts.push(`from :${i}\n`);
    parts.push(`M 100644 inline event\ndata ${blob.length}\n`, blob, '\n');
  });
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rate = (count, ms) => Math.round((count / ms) * 1000);
const results = {};
const record = (name, value) => (results[name] ??= []).push(value);

const data = events(N);
for (let run = 0; run < RUNS; run++) {
  // pack write (CLI adapter)
  let dir = freshRepo();
  let repo = await openRepository(dir, { backend: 'cli' });
  let t = performance.now();
  await repo.objects.write(data.objects);
  record('cli pack write objects/s', rate(data.objects.length, performance.now() - t));
  await repo.refs.compareAndSwap('refs/gatos/bench', null, data.tip);
  // readMany packed
  t = performance.now();
  await repo.objects.readMany(data.commits);
  record('cli readMany packed objects/s (20k commits)', rate(data.commits.length, performance.now() - t));
  t = performance.now();
  const all = data.objects.map((o) => oidOf(o.type, o.body));
  await repo.objects.readMany(all);
  record('cli readMany packed objects/s (60k mixed)', rate(all.length, performance.now() - t));
  t = performance.now();
  const walked = await repo.objects.walk(data.tip);
  record('cli walk commits/s', rate(walked.length, performance.now() - t));
  await repo.close();
  // iso reads of the same pack
  repo = await openRepository(dir, { backend: 'iso' });
  t = performance.now();
  await repo.objects.readMany(data.commits.slice(0, 5000));
  record('iso readMany packed objects/s (5k commits)', rate(5000, performance.now() - t));
  await repo.close();
  rmSync(dir, { recursive: true, force: true });

  // fast-import baseline: stream generation + import, same commits
  dir = freshRepo();
  t = performance.now();
  const stream = fastImportStream(data.blobs);
  const fi = spawnSync('git', ['fast-import', '--quiet'], { cwd: dir, env, input: stream, maxBuffer: 1 << 30 });
  const fiMs = performance.now() - t;
  if (fi.status !== 0) throw new Error(fi.stderr.toString());
  const fiTip = execFileSync('git', ['rev-parse', 'refs/gatos/fi'], { cwd: dir, env, encoding: 'utf8' }).trim();
  if (fiTip !== data.tip) throw new Error(`fast-import tip ${fiTip} differs from ${data.tip}`);
  record('fast-import baseline objects/s', rate(data.objects.length, fiMs));
  rmSync(dir, { recursive: true, force: true });

  // loose writes: one event (3 objects) per write call, then CAS, like single appends
  for (const backend of ['cli', 'iso']) {
    dir = freshRepo();
    repo = await openRepository(dir, { backend });
    const small = data.objects.slice(0, 3000);
    t = performance.now();
    for (let i = 0; i < small.length; i += 3) await repo.objects.write(small.slice(i, i + 3));
    record(`${backend} loose write objects/s (3 per call)`, rate(small.length, performance.now() - t));
    t = performance.now();
    let prev = null;
    for (let i = 0; i < 300; i++) {
      await repo.refs.compareAndSwap('refs/gatos/append', prev, data.commits[i]);
      prev = data.commits[i];
    }
    record(`${backend} compareAndSwap/s`, rate(300, performance.now() - t));
    t = performance.now();
    await repo.objects.readMany(data.commits.slice(0, 1000));
    record(`${backend} readMany loose objects/s (1k commits)`, rate(1000, performance.now() - t));
    await repo.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
const out = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, { median: median(v), runs: v }]));
out['pack write / fast-import ratio'] = +(out['cli pack write objects/s'].median / out['fast-import baseline objects/s'].median).toFixed(2);
console.log(JSON.stringify({ commits: N, objects: data.objects.length, ...out }, null, 2));
