import { canonicalJson } from '@gatos/core';
import { uniqueName, type Cell, type ColumnPlan, type ColumnType, type TablePlan, type TableSource } from './tables.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export const SCALARS_TABLE = 'state_scalars';

/**
 * The state -> tables mapping of ADR-0018:
 * - each top-level key whose value is an object becomes a table, rows in sorted key order, first
 *   column `key` (the map key). If every value is an object (and there is one), the other columns are
 *   the sorted union of their fields (`rows` shape); otherwise there is one `value` column (`map`).
 * - every other top-level value (scalar or array) is a row of `state_scalars` (`map` shape); a state
 *   that is not an object is one row with key "".
 * Column types: int64 if every non-null value is a safe integer, utf8 if every one is a string,
 * boolean if every one is a boolean, else json (JCS text; an explicit null is the text `null`).
 * In typed columns null and a missing field are both NULL.
 */
export function planStateTables(state: unknown): TableSource[] {
  const root = state as Json;
  const used = new Set<string>();
  const sources: TableSource[] = [];
  const scalars: Array<[string, Json]> = [];
  if (isObject(root)) {
    for (const key of sortedKeys(root)) {
      const value = root[key]!;
      if (isObject(value)) sources.push(objectTable(key, value, uniqueName(key, used, true)));
      else scalars.push([key, value]);
    }
  } else {
    scalars.push(['', root]);
  }
  if (scalars.length > 0) {
    const byKey = new Map(scalars);
    sources.push(mapTable(null, uniqueName(SCALARS_TABLE, used, true), [...byKey.keys()], (k) => byKey.get(k)!));
  }
  return sources;
}

function objectTable(source: string, obj: JsonObject, name: string): TableSource {
  const keys = sortedKeys(obj);
  if (keys.length === 0 || !keys.every((k) => isObject(obj[k]!))) return mapTable(source, name, keys, (k) => obj[k]!);
  const kinds = new Map<string, Set<string>>();
  for (const k of keys) {
    for (const [f, v] of Object.entries(obj[k] as JsonObject)) {
      let s = kinds.get(f);
      if (!s) kinds.set(f, (s = new Set()));
      s.add(kindOf(v));
    }
  }
  const cols = new Set<string>();
  const keyCol: ColumnPlan = { name: uniqueName('key', cols, false), field: null, type: 'utf8' };
  const fields = [...kinds.keys()].sort();
  const columns: ColumnPlan[] = [keyCol, ...fields.map((f) => ({ name: uniqueName(f, cols, false), field: f, type: typeOf(kinds.get(f)!) }))];
  const plan: TablePlan = { name, source, shape: 'rows', columns, rows: keys.length };
  const typed = columns.slice(1);
  return {
    plan,
    *rows() {
      for (const k of keys) {
        const row = obj[k] as JsonObject;
        const out: Cell[] = [k];
        for (const c of typed) out.push(Object.hasOwn(row, c.field!) ? cell(row[c.field!]!, c.type) : null);
        yield out;
      }
    },
  };
}

function mapTable(source: string | null, name: string, keys: string[], get: (k: string) => Json): TableSource {
  const kinds = new Set<string>();
  for (const k of keys) kinds.add(kindOf(get(k)));
  const cols = new Set<string>();
  const columns: ColumnPlan[] = [{ name: uniqueName('key', cols, false), field: null, type: 'utf8' }, { name: uniqueName('value', cols, false), field: '', type: typeOf(kinds) }];
  const type = columns[1]!.type;
  return {
    plan: { name, source, shape: 'map', columns, rows: keys.length },
    *rows() {
      for (const k of keys) yield [k, cell(get(k), type)];
    },
  };
}

function cell(v: Json, type: ColumnType): Cell {
  if (type === 'json') return canonicalJson(v);
  if (v === null) return null;
  return type === 'int64' ? BigInt(v as number) : (v as string | boolean);
}

/** Kind of a value for typing; null does not constrain the type. */
function kindOf(v: Json): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isSafeInteger(v) ? 'int64' : 'json';
  if (typeof v === 'string') return 'utf8';
  if (typeof v === 'boolean') return 'boolean';
  return 'json';
}

function typeOf(kinds: Set<string>): ColumnType {
  const k = [...kinds].filter((x) => x !== 'null');
  return k.length === 1 ? (k[0] as ColumnType) : 'json';
}

function isObject(v: Json): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** UTF-16 code-unit order, as JCS (JS would otherwise put integer-like keys first). */
function sortedKeys(obj: JsonObject): string[] {
  return Object.keys(obj).sort();
}
