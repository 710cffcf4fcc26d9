import { blake3Hex, canonicalJsonBytes } from '@gatos/core';

/**
 * The content id of a governance object (SPEC-DIGEST I18 [R]): BLAKE3 of the JCS bytes of the object
 * without its own id field, as bare lowercase hex. The id field sits inside what it names, so it is
 * left out rather than hashed as a placeholder.
 * @example contentId(proposal, 'proposal_id') // '12f80ede…' for the §13 proposal_min fixture
 */
export function contentId(object: Readonly<Record<string, unknown>>, idField: string): string {
  const { [idField]: _omitted, ...rest } = object;
  return blake3Hex(canonicalJsonBytes(rest));
}

/** `blake3:<hex>` → `<hex>`; accepts the bare form too. Null when `text` is neither. */
export function bareDigest(text: string): string | null {
  const bare = text.startsWith('blake3:') ? text.slice('blake3:'.length) : text;
  return /^[0-9a-f]{64}$/.test(bare) ? bare : null;
}
