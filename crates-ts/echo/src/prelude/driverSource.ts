/**
 * Sandbox source of the fold driver: decodes event batches, deep-freezes them, loops
 * `state = step(state, event)`, and checks and canonicalises the state after every batch
 * (ADR 0002 "Batch marshalling" and "State encoding"). The driver is returned to the host only;
 * guest code cannot reach it.
 *
 * Every method returns `undefined` on success or a plain descriptor `{kind, index, …}`; only
 * uncatchable interrupts and failures while describing a failure escape as exceptions.
 */
export const DRIVER_SOURCE = String.raw`(function (poison) {
  'use strict';
  const keys = Object.keys, freeze = Object.freeze, preventExtensions = Object.preventExtensions;
  const getProto = Object.getPrototypeOf, defineProperty = Object.defineProperty, getDesc = Object.getOwnPropertyDescriptor;
  const isArray = Array.isArray, isSafeInteger = Number.isSafeInteger, isInteger = Number.isInteger;
  const parse = JSON.parse, quote = JSON.stringify, parseHex = parseInt, toBigInt = BigInt, Bytes = Uint8Array;
  const ObjectProto = Object.prototype, ArrayProto = Array.prototype, objectTag = Object.prototype.toString;
  const InternalErrorProto = InternalError.prototype, RealPromise = Promise, SetCtor = Set;
  const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

  // 1 = out of memory, 2 = stack overflow, 0 = an ordinary exception.
  function engineFailure(e) {
    if (e === null) return 1;   // the engine could not even allocate the error object
    if (typeof e === 'object' && getProto(e) === InternalErrorProto) {
      const m = e.message;
      if (m === 'out of memory') return 1;
      if (m === 'stack overflow') return 2;
    }
    return 0;
  }
  // Called first in every guest catch (see prepareFold): engine failures cannot be swallowed.
  function guard(e) {
    const k = engineFailure(e);
    if (k !== 0) { poison(k); throw e; }
  }

  class BadState {
    constructor(reason) { this.reason = reason; this.path = []; }
  }
  function pathOf(bad) {
    let s = '$';
    for (let i = bad.path.length - 1; i >= 0; i--) {
      const p = bad.path[i];
      s += typeof p === 'number' ? '[' + p + ']' : IDENT.test(p) ? '.' + p : '[' + quote(p) + ']';
    }
    return s;
  }
  function numberReason(v) {
    if (v !== v) return 'NaN';
    if (v === Infinity || v === -Infinity) return String(v);
    return isInteger(v) ? 'an integer beyond ±(2^53−1) (' + v + ')' : 'a float (' + v + ')';
  }

  // Validates plain JSON data and emits it with keys in UTF-16 code-unit order.
  function encodeState(root) {
    const out = [], open = new SetCtor();
    function enc(v) {
      switch (typeof v) {
        case 'string': out.push(quote(v)); return;
        case 'boolean': out.push(v ? 'true' : 'false'); return;
        case 'number':
          if (!isSafeInteger(v)) throw new BadState(numberReason(v));
          if (v === 0 && 1 / v < 0) throw new BadState('-0');
          out.push('' + v); return;
        case 'bigint': throw new BadState('a BigInt (' + v + 'n); store q32 values as q32.toString(x) strings');
        case 'object': if (v === null) { out.push('null'); return; } break;
        default: throw new BadState(typeof v === 'undefined' ? 'undefined' : 'a ' + typeof v);
      }
      if (open.has(v)) throw new BadState('a cycle');
      open.add(v);
      const proto = getProto(v);
      if (isArray(v)) {
        if (proto !== ArrayProto) throw new BadState('an array subclass');
        out.push('[');
        const n = v.length;
        for (let i = 0; i < n; i++) {
          if (i > 0) out.push(',');
          try { enc(v[i]); } catch (e) { if (e instanceof BadState) e.path.push(i); throw e; }
        }
        out.push(']');
      } else {
        if (proto !== ObjectProto && proto !== null) throw new BadState('a non-plain object (' + objectTag.call(v) + ')');
        const ks = keys(v).sort();
        out.push('{');
        for (let i = 0; i < ks.length; i++) {
          const k = ks[i];
          if (i > 0) out.push(',');
          out.push(quote(k), ':');
          try { enc(v[k]); } catch (e) { if (e instanceof BadState) e.path.push(k); throw e; }
        }
        out.push('}');
      }
      open.delete(v);
    }
    enc(root);
    return out.join('');
  }

  function hexBytes(h) {
    const n = h.length >>> 1, b = new Bytes(n);
    for (let i = 0; i < n; i++) b[i] = parseHex(h.slice(2 * i, 2 * i + 2), 16);
    return preventExtensions(b);   // typed-array elements cannot be frozen in JS
  }
  // Undoes the host's tagged JSON ({"$n": "…"} BigInt, {"$b": "hex"} bytes, "$$k" escaped keys) and deep-freezes.
  function revive(v) {
    if (isArray(v)) {
      for (let i = 0; i < v.length; i++) { const x = v[i]; if (typeof x === 'object' && x !== null) v[i] = revive(x); }
      return freeze(v);
    }
    const ks = keys(v);
    if (ks.length === 1) {
      if (ks[0] === '$n') return toBigInt(v.$n);
      if (ks[0] === '$b') return hexBytes(v.$b);
    }
    let escaped = false;
    for (let i = 0; i < ks.length; i++) {
      const k = ks[i];
      if (k.charCodeAt(0) === 36) escaped = true;
      const x = v[k];
      if (typeof x === 'object' && x !== null) v[k] = revive(x);
    }
    if (!escaped) return freeze(v);
    const o = {};
    for (let i = 0; i < ks.length; i++) {
      const k = ks[i];
      defineProperty(o, k.charCodeAt(0) === 36 ? k.slice(1) : k, { value: v[k], writable: true, enumerable: true, configurable: true });
    }
    return freeze(o);
  }

  const driver = { cursor: -1 };
  let init, step, state, text;

  function messageOf(e) {
    if (e === null || (typeof e !== 'object' && typeof e !== 'function')) return String(e);
    const m = getDesc(e, 'message');
    let name = 'Error';
    try { const n = e.name; if (typeof n === 'string') name = n; } catch (_) { /* a hostile getter: keep the default */ }
    if (m !== undefined && typeof m.value === 'string') return name + ': ' + m.value;
    return '(a non-Error ' + (isArray(e) ? 'array' : typeof e) + ' was thrown)';
  }
  function describe(e) {
    const k = engineFailure(e);
    if (k === 1) return { kind: 'oom', index: driver.cursor };
    if (k === 2) return { kind: 'stack', index: driver.cursor };
    const d = { kind: 'threw', index: driver.cursor, message: messageOf(e) };
    const s = e !== null && typeof e === 'object' ? getDesc(e, 'stack') : undefined;
    if (s !== undefined && typeof s.value === 'string') d.stack = s.value;
    return d;
  }

  // Checks the state after a batch (or init); on success keeps its canonical text and re-reads it,
  // so every batch starts from exactly what a checkpoint would hold.
  function settle(base, evs) {
    let enc;
    try { enc = encodeState(state); } catch (e) {
      if (!(e instanceof BadState)) return describe(e);
      const batchLevel = { kind: 'badstate', index: evs === undefined ? -1 : base + evs.length - 1, reason: e.reason, path: pathOf(e) };
      if (evs === undefined || text === undefined) return batchLevel;
      // Replay the batch from its starting state, checking after every step, to name the first bad event.
      try {
        let s = parse(text);
        for (let i = 0; i < evs.length; i++) {
          driver.cursor = base + i;
          s = step(s, evs[i]);
          try { encodeState(s); } catch (e2) {
            if (e2 instanceof BadState) return { kind: 'badstate', index: base + i, reason: e2.reason, path: pathOf(e2) };
            throw e2;
          }
        }
      } catch (e3) { if (engineFailure(e3) !== 0) return describe(e3); }
      return batchLevel;
    }
    text = enc;
    state = parse(enc);
    return undefined;
  }

  driver.load = function (factory) {
    try {
      const m = factory(guard);
      if (typeof m.init !== 'function' || typeof m.step !== 'function') return { kind: 'badmodule', index: -1, message: 'init and step must both be functions' };
      init = m.init; step = m.step;
    } catch (e) { return describe(e); }
    return undefined;
  };
  driver.start = function (initialText) {
    try {
      state = initialText === undefined ? init() : parse(initialText);
      if (state instanceof RealPromise) return { kind: 'async', index: -1 };
    } catch (e) { return describe(e); }
    return settle(-1, undefined);
  };
  driver.fold = function (batchText, base, check) {
    let evs;
    try {
      driver.cursor = base;
      evs = parse(batchText);
      for (let i = 0; i < evs.length; i++) evs[i] = revive(evs[i]);
      for (let i = 0; i < evs.length; i++) {
        driver.cursor = base + i;
        const next = step(state, evs[i]);
        if (next instanceof RealPromise) return { kind: 'async', index: base + i };
        state = next;
      }
    } catch (e) { return describe(e); }
    // State is checked and normalised at the end of a run (a checkpoint); the diagnostic rerun that
    // names the first bad event checks after every batch.
    return check ? settle(base, evs) : undefined;
  };
  driver.finish = function () { return settle(-1, undefined); };
  driver.result = function () { return text; };
  return driver;
})`;
