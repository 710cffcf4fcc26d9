// bench/export: a 1,000,000-row checkpointed state exported to Parquet and to SQLite (load the
// checkpoint, parse the state, map, write, hash, meta.json), each in a fresh child process so its
// peak RSS is the export's own; beside DuckDB's own `COPY (SELECT ...) TO 'x.parquet'` of the same
// rows, measured in the same run.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { initHashes, canonicalJsonBytes, blake3Hex } from '../crates-ts/core/dist/index.js';
import { openRepository } from '../crates-ts/git/dist/index.js';
import { buildCheckpoint } from '../crates-ts/echo/dist/index.js';
import { exportState } from '../crates-ts/explorer/dist/index.js';
import { git, printJsonLines, report, scratch, time } from './lib.mjs';

const N = Number(process.env.BENCH_EXPORT_ROWS ?? 1_000_000);
const REF = 'refs/gatos/state/bench';
const HEAP_CAP_MB = Math.max(256, Math.round(N / 1_000_000 * 640));

if (process.argv[2] === '--child') {
  // Child: one export of the checkpoint at REF; prints {ms, peakRss} (peak = getrusage maxrss).
  const [, , , dir, format, out] = process.argv;
  await initHashes();
  const repo = await openRepository(dir);
  const commit = await repo.refs.read(REF);
  const t0 = process.hrtime.bigint();
  const meta = await exportState(repo.objects, { commit, ref: REF, format, out });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  await repo.close();
  console.log(JSON.stringify({ ms, peakRss: process.resourceUsage().maxRSS * 1024, rows: meta.tables.reduce((n, t) => n + t.rows, 0) }));
  process.exit(0);
}

const sqlRow = "printf('k%07d', i) AS key, i * 3 AS amount, i % 2 = 0 AS active, 'name-' || i AS name, 't' || (i % 10) AS tag";
function state(n) {
  const rows = {};
  for (let i = 0; i < n; i++) rows[`k${String(i).padStart(7, '0')}`] = { amount: i * 3, active: i % 2 === 0, name: `name-${i}`, tag: `t${i % 10}` };
  return { rows };
}

async function makeCheckpoint(dir) {
  await initHashes();
  const s = state(N);
  const bytes = canonicalJsonBytes(s);
  const pof = {
    type: 'pof', v: 1, ns: 'bench', inputs: ['bench'], ledger_start: {}, ledger_end: { 'refs/gatos/journal/bench/user/alice': '1'.repeat(40) },
    policy_root: '2'.repeat(40), policy_code_root: `sha256:${'3'.repeat(64)}`, fold_id: `blake3:${'4'.repeat(64)}`, fold_root: `sha256:${'5'.repeat(64)}`,
    fold_engine: 'bench', fold_version: 1, state_root: `blake3:${blake3Hex(bytes)}`, events: N, last: null,
  };
  const { oid, objects } = buildCheckpoint({ pof, state: s, gfc: new Uint8Array(), parents: [], time: 0 });
  const repo = await openRepository(dir);
  await repo.objects.write(objects);
  await repo.refs.compareAndSwap(REF, null, oid);
  await repo.close();
  return bytes.length;
}

function child(dir, format, out, nodeArgs = []) {
  const r = spawnSync(process.execPath, [...nodeArgs, fileURLToPath(import.meta.url), '--child', dir, format, out], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`export ${format} failed: ${r.stderr}`);
  const res = JSON.parse(r.stdout.trim().split('\n').at(-1));
  if (res.rows !== N) throw new Error(`exported ${res.rows} rows, expected ${N}`);
  return res;
}

const dir = scratch('export');
git(dir, ['init', '-q', '-b', 'main', 'repo']);
const repoDir = join(dir, 'repo');
const stateBytes = await makeCheckpoint(repoDir);

const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
const duckMs = await time(() => con.run(`COPY (SELECT ${sqlRow} FROM range(${N}) t(i) ORDER BY key) TO '${join(dir, 'duck.parquet')}' (FORMAT parquet)`));
const check = async (file) => Number((await con.runAndReadAll(`SELECT count(*) FROM read_parquet('${file}')`)).getRows()[0][0]);
const duckRate = N / (duckMs / 1000);

const pq = child(repoDir, 'parquet', join(dir, 'out-parquet'));
if ((await check(join(dir, 'out-parquet/data/0000-rows.parquet'))) !== N) throw new Error('DuckDB does not read back every row');
const sq = child(repoDir, 'sqlite', join(dir, 'out-sqlite'));
// Streaming check: the same Parquet export under a heap cap well below "state + whole table".
// It completes, so the extra peak RSS above is garbage V8 had not collected yet, not retained rows.
const capped = child(repoDir, 'parquet', join(dir, 'out-capped'), [`--max-old-space-size=${HEAP_CAP_MB}`]);
con.closeSync();
instance.closeSync();

const mb = (b) => b / (1 << 20);
console.log(`export: ${N} rows x 5 columns, state JSON ${mb(stateBytes).toFixed(1)} MiB`);
report('export', 'parquet_rows_per_s', N / (pq.ms / 1000), 'rows/s', duckRate, "baseline: DuckDB COPY (SELECT ...) TO 'x.parquet' of the same rows, same run");
report('export', 'sqlite_rows_per_s', N / (sq.ms / 1000), 'rows/s', duckRate, 'baseline: the same DuckDB COPY to Parquet');
report('export', 'parquet_peak_rss', mb(pq.peakRss), 'MiB', mb(stateBytes), 'baseline: the state JSON size; peak = getrusage maxrss of the exporting process');
report('export', 'sqlite_peak_rss', mb(sq.peakRss), 'MiB', mb(stateBytes), 'baseline: the state JSON size');
report('export', 'parquet_peak_rss_heap_capped', mb(capped.peakRss), 'MiB', mb(stateBytes), `baseline: the state JSON size; child run with --max-old-space-size=${HEAP_CAP_MB}`);
printJsonLines();
