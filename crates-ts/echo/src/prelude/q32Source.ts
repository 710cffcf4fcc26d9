/**
 * Sandbox source of `q32`: Q32.32 fixed point on BigInt (ADR 0003, SPEC-DIGEST §3 Q5).
 *
 * A q32 value is a plain BigInt holding the raw signed 64-bit two's-complement number (value × 2^32).
 * `mul` rounds half to even after the 32-bit shift, `div` truncates toward zero, `from("1.25")`
 * rounds half to even, and any result outside [−2^63, 2^63−1] throws `RangeError('Q32_OVERFLOW: …')`.
 * Kept as source text (not a compiled function) so coverage tools can never rewrite it.
 */
export const Q32_SOURCE = String.raw`(function () {
  'use strict';
  const ONE = 1n << 32n, MASK = ONE - 1n, MAX = (1n << 63n) - 1n, MIN = -(1n << 63n);
  const FRAC_SCALE = 10n ** 32n;
  const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;
  function check(raw, op) {
    if (raw > MAX || raw < MIN) throw new RangeError('Q32_OVERFLOW: q32.' + op + ' result is outside signed 64-bit Q32.32');
    return raw;
  }
  function arg(a, op) {
    if (typeof a !== 'bigint') throw new TypeError('Q32_TYPE: q32.' + op + ' expects q32 values (BigInt from q32.from or q32.fromRaw)');
    return a;
  }
  // n / d for n >= 0, d > 0, rounded half to even.
  function divHalfEven(n, d) {
    const q = n / d, r2 = (n % d) * 2n;
    return r2 > d || (r2 === d && (q & 1n) === 1n) ? q + 1n : q;
  }
  function from(x) {
    if (typeof x === 'number') {
      if (!Number.isSafeInteger(x)) throw new TypeError('Q32_TYPE: q32.from(number) takes a safe integer; use a decimal string for fractions');
      return check(BigInt(x) << 32n, 'from');
    }
    if (typeof x === 'bigint') return check(x << 32n, 'from');
    if (typeof x === 'string') {
      const m = DECIMAL.exec(x);
      if (m === null) throw new SyntaxError('Q32_BAD_DECIMAL: q32.from expects a decimal like "-12.5", got ' + JSON.stringify(x));
      const frac = m[3] === undefined ? '' : m[3];
      const mag = divHalfEven(BigInt(m[2] + frac) << 32n, 10n ** BigInt(frac.length));
      return check(m[1] === '-' ? -mag : mag, 'from');
    }
    throw new TypeError('Q32_TYPE: q32.from takes a safe integer, a BigInt or a decimal string');
  }
  function mul(a, b) {
    const p = arg(a, 'mul') * arg(b, 'mul');
    const q = p >> 32n, rem = p & MASK, half = 1n << 31n;   // >> floors, so rem is in [0, 2^32)
    return check(rem > half || (rem === half && (q & 1n) === 1n) ? q + 1n : q, 'mul');
  }
  function div(a, b) {
    if (arg(b, 'div') === 0n) throw new RangeError('Q32_DIV_BY_ZERO: q32.div by zero');
    return check((arg(a, 'div') << 32n) / b, 'div');   // BigInt division truncates toward zero
  }
  function toString(a) {
    arg(a, 'toString');
    const neg = a < 0n, mag = neg ? -a : a;
    const int = mag >> 32n, frac = mag & MASK;
    let s = int.toString();
    if (frac !== 0n) s += '.' + ((frac * FRAC_SCALE) >> 32n).toString().padStart(32, '0').replace(/0+$/, '');
    return neg ? '-' + s : s;
  }
  return Object.freeze({
    ONE: ONE, ZERO: 0n,
    from: from,
    fromRaw: function (raw) { return check(arg(raw, 'fromRaw'), 'fromRaw'); },
    toRaw: function (a) { return arg(a, 'toRaw'); },
    add: function (a, b) { return check(arg(a, 'add') + arg(b, 'add'), 'add'); },
    sub: function (a, b) { return check(arg(a, 'sub') - arg(b, 'sub'), 'sub'); },
    neg: function (a) { return check(-arg(a, 'neg'), 'neg'); },
    mul: mul,
    div: div,
    cmp: function (a, b) { arg(a, 'cmp'); arg(b, 'cmp'); return a < b ? -1 : a > b ? 1 : 0; },
    toString: toString,
  });
})`;
