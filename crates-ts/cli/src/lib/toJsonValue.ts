/**
 * Converts decoded CBOR values to plain JSON for display and `--json`: BigInt becomes a decimal string,
 * byte strings `{"$bytes": "<base64>"}`, CIDs `{"/": "<cid>"}` (the DAG-JSON convention).
 */
export function toJsonValue(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value && typeof value === 'object') {
    const cid = (value as { asCID?: unknown }).asCID;
    if (cid === value) return { '/': String(value) };
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(v)]));
  }
  return value;
}
