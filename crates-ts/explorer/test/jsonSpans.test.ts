import { describe, expect, it } from 'vitest';
import { canonicalJson } from '@gatos/core';
import { objectMembers, parseSpan, skipValue } from '../src/jsonSpans.js';
import { planStateTables, planStateTablesFromJson } from '../src/planStateTables.js';

const members = (text: string): Array<[string, unknown]> => [...objectMembers(text, 0)].map((m) => [m.key, parseSpan(text, m)]);

describe('walking canonical JSON lazily', () => {
  it('yields every member with its value, whatever the nesting, escapes and unicode', () => {
    const state = { a: { x: [1, { y: '}]"\\' }], z: null }, b: 'q"uote\\', 'é': true, '𝄞': -5, c: [] };
    const text = canonicalJson(state);
    expect(members(text)).toEqual(Object.keys(state).sort().map((k) => [k, (state as Record<string, unknown>)[k]]));
    expect(skipValue(text, 0)).toBe(text.length);
  });

  it('maps a state the same way from its text as from the parsed value', () => {
    const state = { accounts: { b: { n: 2, s: 'x' }, a: { n: 1, t: true } }, tags: { k: 'v', m: 3 }, total: 3, list: [1, 2] };
    const rows = (sources: ReturnType<typeof planStateTables>) => sources.map((s) => ({ plan: s.plan, rows: [...s.rows()] }));
    expect(rows(planStateTablesFromJson(canonicalJson(state)))).toEqual(rows(planStateTables(state)));
    expect(rows(planStateTables(state)).map((t) => t.plan.name)).toEqual(['accounts', 'tags', 'state_scalars']);
  });

  it('refuses text that is not canonical: keys out of order or repeated, broken strings, trailing text', () => {
    for (const text of ['{"b":1,"a":2}', '{"a":1,"a":2}', '{"a":"x', '{"a":{"b":1}', '{"a":1}x', '{a:1}']) {
      expect(() => planStateTablesFromJson(text), text).toThrow(/not canonical JSON/);
    }
  });
});
