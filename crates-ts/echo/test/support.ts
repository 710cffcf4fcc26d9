/** Shared fixtures for the echo tests: a balances fold and a deterministic event generator. */
import type { FoldEvent } from '../src/types.js';

export const BALANCES_FOLD = `
export function init() {
  return { balances: {}, transfers: 0, rejected: 0, lastUlid: null };
}

export function step(state, ev) {
  const p = ev.payload;
  if (ev.type === 'mint') {
    state.balances[p.to] = (state.balances[p.to] ?? 0) + p.amount;
  } else if (ev.type === 'transfer') {
    const from = state.balances[p.from] ?? 0;
    if (from < p.amount) { state.rejected++; }
    else {
      state.balances[p.from] = from - p.amount;
      state.balances[p.to] = (state.balances[p.to] ?? 0) + p.amount;
      state.transfers++;
    }
  }
  state.lastUlid = ev.ulid;
  return state;
}
`;

/** Deterministic generator (a tiny LCG; the test only needs reproducible data). */
export function generateEvents(count: number, accounts = 50): FoldEvent[] {
  let x = 12345;
  const next = (n: number): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
  const events: FoldEvent[] = [];
  for (let i = 0; i < count; i++) {
    const ulid = `01J${i.toString(32).toUpperCase().padStart(23, '0')}`;
    const base = { cid: `bafytest${i}`, actor: `user:a${i % 7}`, ulid };
    if (i < accounts || next(10) === 0) events.push({ ...base, type: 'mint', payload: { to: `acct${next(accounts)}`, amount: 1 + next(1000) } });
    else events.push({ ...base, type: 'transfer', payload: { from: `acct${next(accounts)}`, to: `acct${next(accounts)}`, amount: 1 + next(500) } });
  }
  return events;
}

/** Splits events into batches of `size`. */
export function batchesOf<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A one-event fold input. */
export const ONE_EVENT: FoldEvent[][] = [[{ cid: 'bafyone', actor: 'user:ann', ulid: '01J00000000000000000000000', type: 'tick', payload: { n: 1 } }]];

/** Wraps a step body into a fold module whose init returns `init`. */
export function foldWithStep(body: string, init = '0'): string {
  return `export function init() { return ${init}; }\nexport function step(state, ev) {\n${body}\n}\n`;
}

/** Runs `fn`, returning the thrown error's `{code, data}` (or `{ok}` when it resolves). */
export async function outcome(fn: () => Promise<unknown>): Promise<{ code?: string; data?: unknown; ok?: unknown }> {
  try {
    return { ok: await fn() };
  } catch (err) {
    const e = err as { code?: string; data?: unknown };
    return { code: e.code, data: e.data };
  }
}
