/**
 * Merkle root over message content hashes (SPEC-DIGEST §6 [R]): leaf = blake3(0x00 ‖ content_hash),
 * node = blake3(0x01 ‖ left ‖ right), an odd node at the end of a level is promoted unchanged.
 * `content_hash` is the 32 raw digest bytes (the hex of `blake3:<hex>`).
 */
import { blake3, fromHex, toHex } from '@gatos/core';
import { busError } from './errors.js';

function concat(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(1 + parts.reduce((n, p) => n + p.length, 0));
  out[0] = tag;
  let at = 1;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * `blake3:<hex>` root of `contentHashes` (each `blake3:<64 hex>`), in order. Throws
 * `BUS_SUMMARY_INVALID` for an empty list (a pruned window always holds at least one message).
 * @example merkleRoot([contentHash({ a: 1 })])
 */
export function merkleRoot(contentHashes: readonly string[]): string {
  if (contentHashes.length === 0) throw busError('BUS_SUMMARY_INVALID', 'a Merkle root needs at least one content hash');
  let level = contentHashes.map((h) => {
    if (!/^blake3:[0-9a-f]{64}$/.test(h)) throw busError('BUS_SUMMARY_INVALID', `content hash ${JSON.stringify(h.slice(0, 80))} is not blake3:<64 hex>`);
    return blake3(concat(0x00, fromHex(h.slice(7))));
  });
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? blake3(concat(0x01, level[i]!, level[i + 1]!)) : level[i]!);
    level = next;
  }
  return `blake3:${toHex(level[0]!)}`;
}
