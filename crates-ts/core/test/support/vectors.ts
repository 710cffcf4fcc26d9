/** Loading spec/vectors files and the tagged-JSON convention they use for non-JSON values. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CID } from 'multiformats/cid';
import { expect } from 'vitest';
import { GatosError } from '../../src/errors.js';

const VECTORS = fileURLToPath(new URL('../../../../spec/vectors/', import.meta.url));

export interface VectorFile<C> {
  description: string;
  source: string;
  cases: C[];
  [extra: string]: unknown;
}

/** Reads `spec/vectors/<path>`. */
export function loadVectors<C>(path: string): VectorFile<C> {
  return JSON.parse(readFileSync(VECTORS + path, 'utf8')) as VectorFile<C>;
}

/** Turns `{"$bigint": …}`, `{"$bytes": hex}`, `{"$cid": …}`, `{"$number": …}`, `{"$undefined": true}` into JS values. */
export function untag(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(untag);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  if (entries.length === 1 && entries[0]![0].startsWith('$')) {
    const [tag, inner] = entries[0]!;
    switch (tag) {
      case '$bigint':
        return BigInt(inner as string);
      case '$bytes':
        return new Uint8Array(Buffer.from(inner as string, 'hex'));
      case '$cid':
        return CID.parse(inner as string);
      case '$number':
        return Number(inner);
      case '$undefined':
        return undefined;
    }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, untag(v)]));
}

export const hexToBytes = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, 'hex'));

/** Runs `fn`, expects a GatosError with `code` (and the given data fields), and returns it. */
export function expectCode(fn: () => unknown, code: string, data: Record<string, unknown> = {}): GatosError {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown, `expected ${code} to be thrown`).toBeInstanceOf(GatosError);
  const err = thrown as GatosError;
  expect({ code: err.code, message: err.message }).toMatchObject({ code });
  expect(err.data).toMatchObject(data);
  return err;
}
