import { decodeStrict, isGatosError, type GatosError } from '@gatos/core';

/**
 * Strictly decodes a bus record (`summary.cbor`, `commitment.cbor`) that must be a map with exactly
 * `fields` (sorted); `bad(why)` builds the record's own error. Field types are the caller's to check.
 */
export function decodeClosedMap(bytes: Uint8Array, fields: readonly string[], bad: (why: string) => GatosError): Record<string, unknown> {
  let value: unknown;
  try {
    value = decodeStrict(bytes);
  } catch (err) {
    throw bad(isGatosError(err) ? err.message : String(err));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) throw bad('is not a map');
  const r = value as Record<string, unknown>;
  const keys = Object.keys(r).sort();
  if (keys.join(',') !== fields.join(',')) throw bad(`has fields [${keys.join(', ')}]; expected [${fields.join(', ')}]`);
  return r;
}
