import { GatosError, canonicalJson } from '@gatos/core';
import { objectMembers, parseSpan, skipValue, type JsonMember } from './jsonSpans.js';
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
  return planStateTablesFromJson(canonicalJson(state));
}

/**
 * The same mapping over the state's canonical JSON text, walked lazily (jsonSpans.ts): each table is
 * read twice (once to type its columns, once per export of its rows), one row parsed at a time, so
 * the parsed state is never in memory as a whole.
 */
export function planStateTablesFromJson(text: string): TableSource[] {
  const used = new Set<string>();
  const sources: TableSource[] = [];
  const scalars: Array<[string, Json]> = [];
  if (text[0] === '{') {
    for (const member of objectMembers(text, 0)) {
      if (text[member.start] === '{') sources.push(objectTable(member.key, text, member, uniqueName(member.key, used, true)));
      else scalars.push([member.key, parseSpan(text, member) as Json]);
    }
  } else {
    scalars.push(['', parseSpan(text, { start: 0, end: text.length }) as Json]);
  }
  if (skipValue(text, 0) !== text.length) throw new GatosError('EXPORT_STATE_INVALID', 'the state file is not canonical JSON: text after the value', { exitClass: 'check' });
  if (scalars.length > 0) {
    const byKey = new Map(scalars);
    sources.push(mapTable(null, uniqueName(SCALARS_TABLE, used, true), [...byKey.keys()], (k) => byKey.get(k)!));
  }
  return sources;
}

function objectTable(source: string, text: string, span: JsonMember, name: string): TableSource {
  let count = 0;
  let allObjects = true;
  const kinds = new Map<string, Set<string>>();
  for (const member of objectMembers(text, span.start)) {
    count++;
    if (text[member.start] !== '{') allObjects = false;
    if (!allObjects) continue;
    for (const [f, v] of Object.entries(parseSpan(text, member) as JsonObject)) {
      let s = kinds.get(f);
      if (!s) kinds.set(f, (s = new Set()));
      s.add(kindOf(v));
    }
  }
  if (count === 0 || !allObjects) return mapTableOfSpans(source, name, text, span, count);
  const cols = new Set<string>();
  const keyCol: ColumnPlan = { name: uniqueName('key', cols, false), field: null, type: 'utf8' };
  const fields = [...kinds.keys()].sort();
  const columns: ColumnPlan[] = [keyCol, ...fields.map((f) => ({ name: uniqueName(f, cols, false), field: f, type: typeOf(kinds.get(f)!) }))];
  const plan: TablePlan = { name, source, shape: 'rows', columns, rows: count };
  const typed = columns.slice(1);
  return {
    plan,
    *rows() {
      for (const member of objectMembers(text, span.start)) {
        const row = parseSpan(text, member) as JsonObject;
        const out: Cell[] = [member.key];
        for (const c of typed) out.push(Object.hasOwn(row, c.field!) ? cell(row[c.field!]!, c.type) : null);
        yield out;
      }
    },
  };
}

/** A `map`-shaped table over an object's members (`key`, `value`), read lazily like `objectTable`. */
function mapTableOfSpans(source: string, name: string, text: string, span: JsonMember, count: number): TableSource {
  const kinds = new Set<string>();
  for (const member of objectMembers(text, span.start)) kinds.add(kindOf(parseSpan(text, member) as Json));
  const cols = new Set<string>();
  const columns: ColumnPlan[] = [{ name: uniqueName('key', cols, false), field: null, type: 'utf8' }, { name: uniqueName('value', cols, false), field: '', type: typeOf(kinds) }];
  const type = columns[1]!.type;
  return {
    plan: { name, source, shape: 'map', columns, rows: count },
    *rows() {
      for (const member of objectMembers(text, span.start)) yield [member.key, cell(parseSpan(text, member) as Json, type)];
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
