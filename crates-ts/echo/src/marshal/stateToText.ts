/**
 * Host-side twin of the sandbox's state encoder: checks that a value is plain JSON fold state and
 * returns its text with object keys in UTF-16 code-unit order (the order JCS uses). Used for
 * `initialState` going in and by the reference runner coming out.
 */
import type { FoldState } from '../types.js';

/** Where and why a value is not fold state. */
export interface StateViolation {
  readonly path: string;
  readonly reason: string;
}

class Violation {
  readonly segments: (string | number)[] = [];
  constructor(readonly reason: string) {}
}

function render(segments: readonly (string | number)[]): string {
  let s = '$';
  for (let i = segments.length - 1; i >= 0; i--) {
    const p = segments[i] as string | number;
    s += typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`;
  }
  return s;
}

function numberReason(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return String(v);
  return Number.isInteger(v) ? `an integer beyond ±(2^53−1) (${v})` : `a float (${v})`;
}

function encode(v: unknown, out: string[], open: Set<object>): void {
  switch (typeof v) {
    case 'string':
      out.push(JSON.stringify(v));
      return;
    case 'boolean':
      out.push(v ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isSafeInteger(v)) throw new Violation(numberReason(v));
      if (Object.is(v, -0)) throw new Violation('-0');
      out.push(String(v));
      return;
    case 'bigint':
      throw new Violation(`a BigInt (${v}n)`);
    case 'object':
      if (v === null) {
        out.push('null');
        return;
      }
      break;
    default:
      throw new Violation(typeof v === 'undefined' ? 'undefined' : `a ${typeof v}`);
  }
  if (open.has(v)) throw new Violation('a cycle');
  open.add(v);
  const proto = Object.getPrototypeOf(v) as unknown;
  if (Array.isArray(v)) {
    if (proto !== Array.prototype) throw new Violation('an array subclass');
    out.push('[');
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out.push(',');
      try {
        encode(v[i], out, open);
      } catch (e) {
        if (e instanceof Violation) e.segments.push(i);
        throw e;
      }
    }
    out.push(']');
  } else {
    if (proto !== Object.prototype && proto !== null) throw new Violation(`a non-plain object (${Object.prototype.toString.call(v)})`);
    const record = v as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    out.push('{');
    keys.forEach((k, i) => {
      if (i > 0) out.push(',');
      out.push(JSON.stringify(k), ':');
      try {
        encode(record[k], out, open);
      } catch (e) {
        if (e instanceof Violation) e.segments.push(k);
        throw e;
      }
    });
    out.push('}');
  }
  open.delete(v);
}

/** Returns the canonical text of `state`, or the first violation (depth-first, keys in sorted order). */
export function stateToText(state: unknown): { ok: true; text: string } | ({ ok: false } & StateViolation) {
  const out: string[] = [];
  try {
    encode(state, out, new Set());
  } catch (e) {
    if (e instanceof Violation) return { ok: false, path: render(e.segments), reason: e.reason };
    throw e;
  }
  return { ok: true, text: out.join('') };
}

/** Parses state text produced by {@link stateToText} or by the sandbox. */
export function textToState(text: string): FoldState {
  return JSON.parse(text) as FoldState;
}
