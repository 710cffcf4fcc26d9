/**
 * Sandbox source of `lockdown(global, helpers, poison)`: removes every ambient source of
 * nondeterminism and code generation, installs the helpers, then freezes everything reachable from
 * the global object (SPEC-DIGEST §3 Q4; ADR 0002 "What is removed").
 */

/** Globals deleted before guest code loads. `InternalError` is QuickJS-specific and leaks engine internals. */
export const DELETED_GLOBALS = ['eval', 'Function', 'Date', 'WeakRef', 'FinalizationRegistry', 'SharedArrayBuffer', 'Atomics', 'InternalError'] as const;

/**
 * `Math` members deleted: `random` and every transcendental (their results may differ between libm
 * builds). Kept: abs, min, max, floor, ceil, trunc, sign, round, imul, clz32, fround, sqrt (IEEE-754
 * requires sqrt to be correctly rounded) and the constants.
 */
export const DELETED_MATH = ['random', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'exp', 'expm1', 'log', 'log1p', 'log2', 'log10', 'pow', 'cbrt', 'hypot'] as const;

export const LOCKDOWN_SOURCE = String.raw`(function (g, helpers, poison) {
  'use strict';
  const defineProperty = Object.defineProperty, getDesc = Object.getOwnPropertyDescriptor;
  const getProto = Object.getPrototypeOf, freeze = Object.freeze, ownKeys = Reflect.ownKeys, keys = Object.keys;
  const DELETED_GLOBALS = ${JSON.stringify(DELETED_GLOBALS)};
  const DELETED_MATH = ${JSON.stringify(DELETED_MATH)};
  function forbidden(what) {
    return function () { throw new TypeError(what + ' is not available in folds (gatos deterministic sandbox)'); };
  }
  function constant(obj, key, value) {
    defineProperty(obj, key, { value: value, writable: false, enumerable: false, configurable: false });
  }

  // 1. Code generation: every path to a Function constructor, including (function(){}).constructor
  //    and the generator/async prototypes' constructors.
  const fnProtos = [Function.prototype, getProto(function* () {}), getProto(async function () {}), getProto(async function* () {})];
  for (let i = 0; i < fnProtos.length; i++) constant(fnProtos[i], 'constructor', forbidden('the Function constructor'));

  // 2. Ambient time, randomness, weak references, shared memory, eval.
  for (let i = 0; i < DELETED_GLOBALS.length; i++) delete g[DELETED_GLOBALS[i]];
  for (let i = 0; i < DELETED_MATH.length; i++) delete Math[DELETED_MATH[i]];

  // 3. Promises: any use poisons the run (FOLD_ASYNC_FORBIDDEN) even if the guest catches the TypeError.
  function asyncForbidden() {
    poison(3);
    throw new TypeError('FOLD_ASYNC_FORBIDDEN: promises and async code are not available in folds');
  }
  const PromiseStub = function Promise() { return asyncForbidden(); };
  const statics = ['resolve', 'reject', 'all', 'allSettled', 'any', 'race', 'withResolvers', 'try'];
  for (let i = 0; i < statics.length; i++) constant(PromiseStub, statics[i], asyncForbidden);
  constant(g, 'Promise', PromiseStub);

  // 4. Determinism helpers as frozen, non-writable globals.
  const names = keys(helpers);
  for (let i = 0; i < names.length; i++) constant(g, names[i], helpers[names[i]]);

  // 5. Frozen prototypes make 'this.name = ...' in an Error subclass throw (the "override mistake");
  //    turn the few properties code commonly shadows into accessors that define an own property.
  function tame(proto, key) {
    const d = getDesc(proto, key);
    if (d === undefined || !('value' in d)) return;
    const value = d.value;
    defineProperty(proto, key, {
      get: function () { return value; },
      set: function (v) {
        if (this === proto) throw new TypeError('Cannot assign to read only property ' + String(key) + ' of a frozen intrinsic');
        defineProperty(this, key, { value: v, writable: true, enumerable: true, configurable: true });
      },
      enumerable: d.enumerable, configurable: false,
    });
  }
  const errorNames = ['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError'];
  for (let i = 0; i < errorNames.length; i++) {
    const E = g[errorNames[i]];
    if (typeof E === 'function') { tame(E.prototype, 'name'); tame(E.prototype, 'message'); tame(E.prototype, 'toString'); tame(E.prototype, 'constructor'); }
  }
  tame(Object.prototype, 'toString'); tame(Object.prototype, 'valueOf'); tame(Object.prototype, 'constructor');

  // 6. Locale-dependent methods go; everything reachable from the global object is frozen.
  const seen = new Set();
  function harden(o) {
    if (o === null || (typeof o !== 'object' && typeof o !== 'function') || seen.has(o)) return;
    seen.add(o);
    const ks = ownKeys(o);
    for (let i = 0; i < ks.length; i++) {
      const k = ks[i];
      if (typeof k === 'string' && (k === 'localeCompare' || k.startsWith('toLocale'))) { delete o[k]; continue; }
      const d = getDesc(o, k);
      if (d === undefined) continue;
      if ('value' in d) harden(d.value); else { harden(d.get); harden(d.set); }
    }
    harden(getProto(o));
    freeze(o);
  }
  harden(g);
  for (let i = 0; i < fnProtos.length; i++) harden(fnProtos[i]);
})`;
