import { GatosError, blake3Hex, decodeStrict, encodeCanonical } from '@gatos/core';
import type { FoldKey } from './foldOrder.js';
import type { LedgerHeads } from './ledgerHeads.js';

/**
 * The Proof-of-Fold envelope stored as `pof.cbor` (SPEC-DIGEST §4 [R], ADR-0009). Unsigned: folder
 * signatures are detached (git notes), so every node computes the identical checkpoint commit.
 * `Proof-Of-Fold` trailer = `blake3:` of these canonical bytes.
 */
export interface PofEnvelope {
  readonly type: 'pof';
  readonly v: 1;
  /** State name (`<ns>` or `<a>+<b>`). */
  readonly ns: string;
  readonly inputs: readonly string[];
  /** Heads of the checkpoint this one was folded on top of (`{}` = from genesis). */
  readonly ledger_start: LedgerHeads;
  /** Heads this checkpoint covers. */
  readonly ledger_end: LedgerHeads;
  readonly policy_root: string;
  readonly policy_code_root: string;
  readonly fold_id: string;
  readonly fold_root: string;
  readonly fold_engine: string;
  readonly fold_version: number;
  readonly state_root: string;
  /** Events folded into the state since genesis. */
  readonly events: number;
  /** The last event in fold order, or null for the empty corpus. */
  readonly last: FoldKey | null;
}

export function encodePof(pof: PofEnvelope): Uint8Array {
  return encodeCanonical(pof);
}

export function pofDigest(bytes: Uint8Array): string {
  return `blake3:${blake3Hex(bytes)}`;
}

/** Strictly decodes `pof.cbor`; a malformed envelope is a failed check, naming the field. */
export function decodePof(bytes: Uint8Array): PofEnvelope {
  const v = decodeStrict(bytes) as Record<string, unknown>;
  const need = (k: string, ok: (x: unknown) => boolean): void => {
    if (!ok(v?.[k])) throw new GatosError('POF_INVALID', `pof.cbor: field "${k}" is missing or malformed`, { data: { field: k }, exitClass: 'check' });
  };
  const str = (x: unknown): boolean => typeof x === 'string';
  const map = (x: unknown): boolean => typeof x === 'object' && x !== null && !Array.isArray(x) && Object.values(x).every(str);
  need('type', (x) => x === 'pof');
  need('v', (x) => x === 1);
  for (const k of ['ns', 'policy_root', 'policy_code_root', 'fold_id', 'fold_root', 'fold_engine', 'state_root']) need(k, str);
  need('inputs', (x) => Array.isArray(x) && x.every(str));
  need('ledger_start', map);
  need('ledger_end', map);
  need('fold_version', (x) => typeof x === 'number');
  need('events', (x) => typeof x === 'number');
  need('last', (x) => x === null || (typeof x === 'object' && ['ulid', 'actor', 'cid'].every((k) => str((x as Record<string, unknown>)[k]))));
  return v as unknown as PofEnvelope;
}
