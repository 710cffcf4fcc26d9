/**
 * Host side of batch marshalling (ADR 0002 "Batch marshalling"): one JSON text per engine batch, so a
 * batch crosses the WASM boundary as a single string. JSON cannot hold BigInt or bytes, so those are
 * tagged — `{"$n":"<decimal>"}` and `{"$b":"<hex>"}` — and object keys starting with `$` are escaped
 * by doubling the `$`. The sandbox prelude undoes exactly this.
 */
import { Buffer } from 'node:buffer';
import { echoError } from '../errors.js';
import type { FoldEvent, FoldValue } from '../types.js';

const MAX_DEPTH = 512;

function bad(index: number, path: string, reason: string): never {
  throw echoError('FOLD_BAD_INPUT', `event #${index} cannot enter the sandbox: ${path} is ${reason}`, { eventIndex: index, path, reason });
}

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** Validates a payload value; returns true when it needs tagging (BigInt, bytes or `$` keys). */
function check(v: unknown, index: number, path: string, depth: number): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return false;
    case 'number':
      if (!Number.isSafeInteger(v)) bad(index, path, Number.isInteger(v) ? 'an integer beyond ±(2^53−1) (pass a BigInt)' : `not an integer (${String(v)})`);
      if (Object.is(v, -0)) bad(index, path, '-0');
      return false;
    case 'bigint':
      return true;
    case 'object':
      break;
    default:
      return bad(index, path, typeof v === 'undefined' ? 'undefined' : `a ${typeof v}`);
  }
  if (v === null) return false;
  if (depth > MAX_DEPTH) bad(index, path, `nested deeper than ${MAX_DEPTH} levels (or cyclic)`);
  if (v instanceof Uint8Array) return true;
  let tagged = false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (check(v[i], index, childPath(path, i), depth + 1)) tagged = true;
    return tagged;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) bad(index, path, `a non-plain object (${Object.prototype.toString.call(v)})`);
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (k.startsWith('$')) tagged = true;
    if (check(x, index, childPath(path, k), depth + 1)) tagged = true;
  }
  return tagged;
}

/** A JSON-safe copy with BigInt, bytes and `$` keys tagged. */
function tag(v: FoldValue): unknown {
  if (typeof v === 'bigint') return { $n: v.toString() };
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Uint8Array) return { $b: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex') };
  if (Array.isArray(v)) return (v as readonly FoldValue[]).map(tag);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as { readonly [key: string]: FoldValue })) {
    Object.defineProperty(out, k.startsWith('$') ? `$${k}` : k, { value: tag(x), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function field(ev: FoldEvent, name: 'cid' | 'actor' | 'ulid' | 'type', index: number): string {
  const v: unknown = ev[name];
  if (typeof v !== 'string') bad(index, name, `not a string (${typeof v})`);
  return v;
}

/**
 * Encodes events `baseIndex…` as the JSON text of one engine batch.
 *
 * @throws `FOLD_BAD_INPUT` naming the event index and the JSON path of the offending value.
 */
export function encodeEvents(events: readonly FoldEvent[], baseIndex: number): string {
  const parts: string[] = [];
  for (let i = 0; i < events.length; i++) {
    const ev = events[i] as FoldEvent;
    const index = baseIndex + i;
    if (ev === null || typeof ev !== 'object') bad(index, '$', 'not an event object');
    const out: Record<string, unknown> = { cid: field(ev, 'cid', index), actor: field(ev, 'actor', index), ulid: field(ev, 'ulid', index), type: field(ev, 'type', index) };
    out['payload'] = check(ev.payload, index, 'payload', 0) ? tag(ev.payload) : ev.payload;
    if (ev.ts !== undefined) {
      if (typeof ev.ts !== 'string') bad(index, 'ts', 'not a string');
      out['ts'] = ev.ts;
    }
    parts.push(JSON.stringify(out));
  }
  return `[${parts.join(',')}]`;
}
