/**
 * Sandbox source of the determinism helpers every fold can use as frozen globals:
 * `dkeys`, `dvalues`, `dpairs`, `dsort`, `q32`, `rng` (SPEC-DIGEST §3 Q6, EchoLua's dpairs/dsort).
 * Evaluates to a factory returning a frozen object of those helpers; the reference runner evaluates
 * the very same text in Node.
 */
import { PCG32_SOURCE } from './pcg32Source.js';
import { Q32_SOURCE } from './q32Source.js';

/** Global names the helpers are installed under, in order. */
export const HELPER_NAMES = ['dkeys', 'dvalues', 'dpairs', 'dsort', 'q32', 'rng'] as const;

export const HELPERS_SOURCE = String.raw`(function () {
  'use strict';
  const keys = Object.keys, isArray = Array.isArray;
  function plain(o, fn) {
    if (o === null || typeof o !== 'object') throw new TypeError(fn + ': expects an object');
    return o;
  }
  // Default sort compares strings by UTF-16 code units: exactly JCS key order.
  function dkeys(o) { return keys(plain(o, 'dkeys')).sort(); }
  function dvalues(o) { return dkeys(o).map(function (k) { return o[k]; }); }
  function dpairs(o) { return dkeys(o).map(function (k) { return [k, o[k]]; }); }
  function numeric(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
  // Returns a sorted copy (inputs may be frozen event data). Array.prototype.sort is stable (ES2019).
  function dsort(arr, cmp) {
    if (!isArray(arr)) throw new TypeError('dsort: expects an array');
    const copy = arr.slice();
    if (cmp !== undefined) {
      if (typeof cmp !== 'function') throw new TypeError('dsort: the comparator must be a function');
      return copy.sort(cmp);
    }
    if (copy.length === 0) return copy;
    const kind = typeof copy[0] === 'string' ? 'string' : 'number';
    for (let i = 0; i < copy.length; i++) {
      const v = copy[i], t = typeof v;
      const ok = kind === 'string' ? t === 'string' : (t === 'bigint' || (t === 'number' && v === v));
      if (!ok) throw new TypeError('dsort: without a comparator all items must be strings, or all numbers/bigints (no NaN); item ' + i + ' is ' + (v !== v ? 'NaN' : t));
    }
    return copy.sort(numeric);
  }
  const q32 = (${Q32_SOURCE})();
  const rng = (${PCG32_SOURCE})();
  return Object.freeze({ dkeys: dkeys, dvalues: dvalues, dpairs: dpairs, dsort: dsort, q32: q32, rng: rng });
})`;
