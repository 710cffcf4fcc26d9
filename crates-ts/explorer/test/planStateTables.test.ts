import { describe, expect, it } from 'vitest';
import { DataRootHasher, planStateTables, type Cell } from '@gatos/explorer';

const rows = (state: unknown): Record<string, Cell[][]> =>
  Object.fromEntries(planStateTables(state).map((s) => [s.plan.name, [...s.rows()]]));
const shapes = (state: unknown) => planStateTables(state).map((s) => ({ name: s.plan.name, shape: s.plan.shape, columns: s.plan.columns.map((c) => `${c.name}:${c.type}`) }));

describe('state -> tables mapping (ADR-0018)', () => {
  it('maps objects of objects to row tables, objects of scalars to key/value, the rest to state_scalars', () => {
    const state = { invoices: { i2: { amount: 5, customer: 'b', paid: 0 }, i1: { amount: 900, customer: 'acme', paid: 400, note: 'x' } }, customers: { acme: 500 }, version: 3, tags: ['a'] };
    expect(shapes(state)).toEqual([
      { name: 'customers', shape: 'map', columns: ['key:utf8', 'value:int64'] },
      { name: 'invoices', shape: 'rows', columns: ['key:utf8', 'amount:int64', 'customer:utf8', 'note:utf8', 'paid:int64'] },
      { name: 'state_scalars', shape: 'map', columns: ['key:utf8', 'value:json'] },
    ]);
    expect(rows(state)).toEqual({
      customers: [['acme', 500n]],
      invoices: [['i1', 900n, 'acme', 'x', 400n], ['i2', 5n, 'b', null, 0n]],
      state_scalars: [['tags', '["a"]'], ['version', '3']],
    });
  });

  it('orders rows by UTF-16 code units, not JS property order (integer-like keys)', () => {
    expect(rows({ t: { b: 1, 10: 2, 9: 3, a: 4 } }).t!.map((r) => r[0])).toEqual(['10', '9', 'a', 'b']);
  });

  it('types columns: mixed values, nested values and all-null columns become JSON text', () => {
    const state = { t: { a: { x: 1, y: { deep: [1, { z: null }] }, z: null, b: true }, b: { x: 'one', y: 2, z: null, b: false } } };
    expect(shapes(state)[0]!.columns).toEqual(['key:utf8', 'b:boolean', 'x:json', 'y:json', 'z:json']);
    expect(rows(state).t).toEqual([['a', true, '1', '{"deep":[1,{"z":null}]}', 'null'], ['b', false, '"one"', '2', 'null']]);
  });

  it('keeps large safe integers exact as int64', () => {
    const state = { big: { max: Number.MAX_SAFE_INTEGER, min: -Number.MAX_SAFE_INTEGER } };
    expect(rows(state).big).toEqual([['max', 9007199254740991n], ['min', -9007199254740991n]]);
  });

  it('handles hostile names: empty, NUL, sqlite_ prefix, case clashes, a field called key', () => {
    const state = { '': { a: 1 }, 'sqlite_master': { a: 1 }, 'A': { a: 1 }, 'a': { a: 1 }, 'we"ird; DROP TABLE x': { k: { key: 1, KEY: 2, 'a b': 3 } }, 'state_scalars': { a: 1 }, n: 1 };
    const names = planStateTables(state).map((s) => s.plan.name);
    expect(names).toEqual(['_', 'A', 'a_2', '_sqlite_master', 'state_scalars', 'we"ird; DROP TABLE x', 'state_scalars_2']);
    const weird = planStateTables(state).find((s) => s.plan.name.startsWith('we'))!;
    expect(weird.plan.columns.map((c) => [c.name, c.field])).toEqual([['key', null], ['KEY_2', 'KEY'], ['a b', 'a b'], ['key_3', 'key']]);
    expect(planStateTables({ 'a\u0000b': { x: 1 } })[0]!.plan.name).toBe('a_b');
  });

  it('maps an empty state to no tables, an empty object to an empty table, a non-object state to one scalar row', () => {
    expect(planStateTables({})).toEqual([]);
    expect(shapes({ e: {} })).toEqual([{ name: 'e', shape: 'map', columns: ['key:utf8', 'value:json'] }]);
    expect(rows({ e: {} }).e).toEqual([]);
    expect(rows(42)).toEqual({ state_scalars: [['', 42n]] });
    expect(rows({ 'ключ': { 'ü': { '名前': 'テスト' } } })).toEqual({ 'ключ': [['ü', 'テスト']] });
  });

  it('data_root depends on every cell, on column names and on table names', () => {
    const root = (state: unknown): string => {
      const h = new DataRootHasher();
      for (const s of planStateTables(state)) {
        h.table(s.plan);
        for (const r of s.rows()) h.row(r);
      }
      return h.finish();
    };
    const base = root({ t: { a: { x: 1 } } });
    expect(root({ t: { a: { x: 1 } } })).toBe(base);
    expect(new Set([base, root({ t: { a: { x: 2 } } }), root({ t: { a: { y: 1 } } }), root({ u: { a: { x: 1 } } }), root({ t: { a: { x: '1' } } })]).size).toBe(5);
  });
});
