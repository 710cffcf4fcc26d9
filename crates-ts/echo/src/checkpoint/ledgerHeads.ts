import { blake3Hex, encodeCanonical, fromHex, type Oid } from '@gatos/core';

/** Journal heads a checkpoint covers: journal ref -> commit id. */
export type LedgerHeads = Readonly<Record<string, Oid>>;

/** Heads with refs in code-unit order (so JSON and CBOR encodings are canonical). */
export function sortHeads(heads: LedgerHeads): LedgerHeads {
  return Object.fromEntries(Object.entries(heads).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * `Ledger-Head` (SPEC-DIGEST I6): with exactly one journal, its commit id; otherwise
 * `blake3:` of DAG-CBOR `{ref: oid-bytes}` (also for zero journals, the empty corpus).
 */
export function ledgerHeadDigest(heads: LedgerHeads): string {
  const entries = Object.entries(heads);
  if (entries.length === 1) return entries[0]![1];
  return `blake3:${blake3Hex(encodeCanonical(Object.fromEntries(entries.map(([ref, oid]) => [ref, fromHex(oid, 'oid')]))))}`;
}
