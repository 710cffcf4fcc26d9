#!/usr/bin/env node
// Micro-benchmark: events/s of the QuickJS sandbox (runFold) against plain Node (runFoldReference)
// on 100k balances events. Not a test. Build first: `npx tsc -b crates-ts/echo`, then
// `node crates-ts/echo/bench/foldSpeed.mjs [events]`.
import { runFold, runFoldReference, DEFAULT_FOLD_LIMITS } from '../dist/index.js';

const FOLD = `
export function init() { return { balances: {}, transfers: 0, rejected: 0 }; }
export function step(state, ev) {
  const p = ev.payload;
  if (ev.type === 'mint') state.balances[p.to] = (state.balances[p.to] ?? 0) + p.amount;
  else {
    const from = state.balances[p.from] ?? 0;
    if (from < p.amount) state.rejected++;
    else { state.balances[p.from] = from - p.amount; state.balances[p.to] = (state.balances[p.to] ?? 0) + p.amount; state.transfers++; }
  }
  return state;
}`;

const n = Number(process.argv[2] ?? 100_000);
let x = 7;
const rnd = (k) => ((x = (x * 1103515245 + 12345) % 2147483648), x % k);
const events = Array.from({ length: n }, (_, i) => ({
  cid: `bafy${i}`, actor: 'user:bench', ulid: String(i).padStart(26, '0'),
  type: i < 100 || rnd(10) === 0 ? 'mint' : 'transfer',
  payload: { from: `a${rnd(100)}`, to: `a${rnd(100)}`, amount: 1 + rnd(500) },
}));

async function time(label, fn, reps = 5) {
  const rates = [];
  let result;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    result = await fn();
    rates.push(n / ((performance.now() - t0) / 1000));
  }
  rates.sort((a, b) => a - b);
  console.log(`${label.padEnd(44)} median ${Math.round(rates[reps >> 1]).toLocaleString('en')} events/s  (fuel ${result.fuelUsed})`);
  return result;
}

console.log(`${n.toLocaleString('en')} events, default engine batch ${DEFAULT_FOLD_LIMITS.batchEvents}`);
const ref = await time('reference (plain JS in V8)', () => runFoldReference({ source: FOLD, batches: [events] }));
for (const batchEvents of [100, 500, 1000, 2000]) {
  const q = await time(`QuickJS sandbox, batchEvents=${batchEvents}`, () => runFold({ source: FOLD, batches: [events], limits: { batchEvents } }));
  if (JSON.stringify(q.state) !== JSON.stringify(ref.state)) throw new Error('sandbox and reference disagree');
}
