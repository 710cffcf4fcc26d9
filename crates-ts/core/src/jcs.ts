/**
 * Canonical JSON, RFC 8785 (JCS), for pointers, job manifests, proofs of consensus and export
 * metadata (SPEC-DIGEST §0, I12). Serialisation is the `canonicalize` library's; this module
 * refuses what JCS would silently change or what has no single spelling: non-NFC strings (keys
 * too), lone surrogates, NaN/Infinity, undefined, BigInt and non-plain objects.
 */
import { createRequire } from 'node:module';
import { coreError } from './coreError.js';

// `canonicalize` is CommonJS but its types declare an ESM default export, which TypeScript's
// NodeNext resolution then types wrongly; loading it through require types it exactly.
const canonicalize = createRequire(import.meta.url)('canonicalize') as (input: unknown) => string | undefined;

const LONE_SURROGATE = /\p{Surrogate}/u;
const MAX_DEPTH = 256;

function refuse(path: string, why: string): never {
  throw coreError('JCS_INVALID', `cannot canonicalise JSON: ${why} at ${path || '(root)'}`, { data: { path } });
}

function checkString(text: string, path: string, what: string): void {
  if (LONE_SURROGATE.test(text)) refuse(path, `${what} holds a lone surrogate`);
  if (text.normalize('NFC') !== text) refuse(path, `${what} is not in Unicode NFC (normalise it first)`);
}

function check(value: unknown, path: string, depth: number): void {
  switch (typeof value) {
    case 'boolean':
      return;
    case 'string':
      return checkString(value, path, 'string');
    case 'number':
      if (!Number.isFinite(value)) refuse(path, `number ${value} is not finite`);
      return;
    case 'object':
      break;
    default:
      refuse(path, `${typeof value} has no JSON form`);
  }
  if (value === null) return;
  if (depth >= MAX_DEPTH) refuse(path, `nesting deeper than ${MAX_DEPTH}`);
  if (Array.isArray(value)) {
    value.forEach((item, index) => check(item, `${path}/${index}`, depth + 1));
    return;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    refuse(path, `${(value as object).constructor?.name ?? 'object'} is not a plain object`);
  }
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const child = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    checkString(key, child, 'key');
    check(item, child, depth + 1);
  }
}

/**
 * RFC 8785 canonical JSON text of `value` (plain JSON data); throws `JCS_INVALID` with the JSON
 * pointer of the offending value in `data.path`.
 * @example canonicalJson({ b: 1, a: 'x' }) // '{"a":"x","b":1}'
 */
export function canonicalJson(value: unknown): string {
  check(value, '', 0);
  const text = canonicalize(value);
  if (text === undefined) refuse('', 'value has no JSON form');
  return text;
}

/** UTF-8 bytes of `canonicalJson(value)`: what gatos hashes (e.g. `blake3(JCS(obj))`). */
export function canonicalJsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}
