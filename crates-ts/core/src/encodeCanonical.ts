/**
 * Canonical DAG-CBOR encoding (SPEC-DIGEST §0): the bytes that are hashed and signed.
 *
 * The value is checked against the value-side rules of `CANONICAL_RULES` first, because
 * @ipld/dag-cbor would quietly encode an integral number above 2^53 as a float, `-0` as 0 and
 * drop a leading U+FEFF on the way back. The bytes are then exactly @ipld/dag-cbor's.
 */
import * as dagCbor from '@ipld/dag-cbor';
import { CID } from 'multiformats/cid';
import { CANONICAL_RULES, type CanonicalRule } from './canonicalRules.js';
import { coreError } from './coreError.js';

const MAX_UINT64 = 2n ** 64n - 1n;
const MIN_NINT64 = -(2n ** 64n);
const LONE_SURROGATE = /\p{Surrogate}/u;

function refuse(rule: CanonicalRule, path: string, message: string): never {
  throw coreError(CANONICAL_RULES[rule].code, `${message} at ${path || '(root)'} (rule ${rule})`, {
    data: { path, rule },
    exitClass: 'usage',
  });
}

function checkString(text: string, path: string): void {
  if (LONE_SURROGATE.test(text)) refuse('utf8Strings', path, 'string holds a lone surrogate (not encodable as UTF-8)');
  if (text.charCodeAt(0) === 0xfeff) refuse('noLeadingBom', path, 'string starts with U+FEFF');
}

function check(value: unknown, path: string, depth: number): void {
  switch (typeof value) {
    case 'boolean':
      return;
    case 'string':
      return checkString(value, path);
    case 'number':
      if (!Number.isInteger(value) || Object.is(value, -0)) {
        refuse('noFloats', path, `number ${Object.is(value, -0) ? '-0' : String(value)} is not an integer`);
      }
      if (!Number.isSafeInteger(value)) refuse('safeNumbers', path, `integer ${value} is beyond 2^53-1; pass a BigInt`);
      return;
    case 'bigint':
      if (value > MAX_UINT64 || value < MIN_NINT64) refuse('integerRange', path, `BigInt ${value} does not fit 64 bits`);
      return;
    case 'object':
      break;
    default:
      refuse('dataModel', path, `${typeof value} cannot be encoded`);
  }
  if (value === null || value instanceof Uint8Array) return;
  if (depth >= CANONICAL_RULES.maxDepth.limit) refuse('maxDepth', path, `nesting deeper than ${CANONICAL_RULES.maxDepth.limit}`);
  if (Array.isArray(value)) {
    value.forEach((item, index) => check(item, `${path}/${index}`, depth + 1));
    return;
  }
  if (CID.asCID(value) !== null) return;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    refuse('dataModel', path, `${(value as object).constructor?.name ?? 'object'} is not a plain object`);
  }
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const child = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    checkString(key, child);
    if (item === undefined) refuse('dataModel', child, 'undefined cannot be encoded (omit the field)');
    check(item, child, depth + 1);
  }
}

/**
 * Encodes `value` (a `CborValue`; typed `unknown` so interfaces such as `EventEnvelope` pass, and
 * checked in full at run time) as canonical DAG-CBOR, or throws a `CBOR_*` GatosError naming the
 * JSON-pointer `data.path` of the offending value. Identical to @ipld/dag-cbor's bytes.
 * @example toHex(encodeCanonical({ b: 1, a: [true, null] })) // 'a2616182f5f6616201'
 */
export function encodeCanonical(value: unknown): Uint8Array {
  check(value, '', 0);
  return dagCbor.encode(value);
}
