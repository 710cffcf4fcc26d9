import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runFold } from '../src/runFold.js';
import { runFoldReference } from '../src/runFoldReference.js';
import type { FoldEvent } from '../src/types.js';

// Test data: spec/vectors/fold/*.json (provenance recorded in each file).
const dir = new URL('../../../spec/vectors/fold/', import.meta.url);
interface Q32Case { name: string; op: string; args: string[]; expected?: { raw: string; decimal: string }; error?: { code: string } }
interface PcgCase { name: string; seed: { u64?: string; hex?: string }; next32?: number[]; bound?: number; nextBelow?: number[]; error?: { code: string } }
const q32Cases = (JSON.parse(readFileSync(new URL('q32.json', dir), 'utf8')) as { cases: Q32Case[] }).cases;
const pcgCases = (JSON.parse(readFileSync(new URL('pcg32.json', dir), 'utf8')) as { cases: PcgCase[] }).cases;

const Q32_FOLD = `
export function init() { return []; }
export function step(out, ev) {
  const c = ev.payload;
  try {
    const r = c.op === 'from' ? q32.from(c.args[0]) : q32[c.op](...c.args.map((a) => BigInt(a)));
    out.push({ raw: String(q32.toRaw(r)), decimal: q32.toString(r) });
  } catch (e) {
    out.push({ error: e.message.split(':')[0] });
  }
  return out;
}`;

const PCG_FOLD = `
export function init() { return []; }
export function step(out, ev) {
  const c = ev.payload;
  try {
    const g = rng(c.seed);
    const xs = [];
    for (let i = 0; i < c.n; i++) xs.push(c.bound === 0 ? g.next32() : g.nextBelow(c.bound));
    out.push({ values: xs });
  } catch (e) {
    out.push({ error: e.message.split(':')[0] });
  }
  return out;
}`;

const asEvents = (payloads: FoldEvent['payload'][]): FoldEvent[][] => [
  payloads.map((payload, i) => ({ cid: `vector${i}`, actor: 'user:vectors', ulid: `01J${String(i).padStart(23, '0')}`, type: 'vector', payload })),
];

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));
}

describe('spec/vectors/fold/q32.json', () => {
  const expected = q32Cases.map((c) => (c.error ? { error: c.error.code } : { raw: c.expected?.raw, decimal: c.expected?.decimal }));
  const batches = asEvents(q32Cases.map((c) => ({ op: c.op, args: c.args })));

  it('has tie-to-even, negative division and overflow cases', () => {
    expect(q32Cases.some((c) => c.name.includes('ties to even'))).toBe(true);
    expect(q32Cases.some((c) => c.op === 'div' && c.name.includes('toward zero'))).toBe(true);
    expect(q32Cases.some((c) => c.error?.code === 'Q32_OVERFLOW')).toBe(true);
  });

  it('is reproduced inside the sandbox, case by case', async () => {
    const { state } = await runFold({ source: Q32_FOLD, batches });
    q32Cases.forEach((c, i) => expect((state as unknown[])[i], c.name).toEqual(expected[i]));
  });

  it('is reproduced by the reference runner (same helper source)', async () => {
    const { state } = await runFoldReference({ source: Q32_FOLD, batches });
    expect(state).toEqual(expected);
  });
});

describe('spec/vectors/fold/pcg32.json', () => {
  const payloads = pcgCases.map((c) => ({
    seed: c.seed.hex !== undefined ? hexBytes(c.seed.hex) : BigInt(c.seed.u64 ?? '0'),
    n: (c.next32 ?? c.nextBelow ?? [0]).length,
    bound: c.bound ?? 0,
  }));
  const expected = pcgCases.map((c) => (c.error ? { error: c.error.code } : { values: c.next32 ?? c.nextBelow }));

  it('starts with the pcg-c demo stream for seed 42', () => {
    expect(pcgCases[0]?.next32?.slice(0, 6).map((x) => x.toString(16))).toEqual(['a15c02b7', '7b47f409', 'ba1d3330', '83d2f293', 'bfa4784b', 'cbed606e']);
  });

  it('is reproduced inside the sandbox (byte seeds cross as Uint8Array)', async () => {
    const { state } = await runFold({ source: PCG_FOLD, batches: asEvents(payloads) });
    pcgCases.forEach((c, i) => expect((state as unknown[])[i], c.name).toEqual(expected[i]));
  });

  it('is reproduced by the reference runner', async () => {
    const { state } = await runFoldReference({ source: PCG_FOLD, batches: asEvents(payloads) });
    expect(state).toEqual(expected);
  });
});
