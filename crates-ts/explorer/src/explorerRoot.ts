import { GatosError, blake3Hex, fromHex } from '@gatos/core';

/** What the Explorer-Root binds (SPEC-DIGEST §9, ADR-0018). `foldRoot` is absent for raw ledger exports. */
export interface ExplorerRootInputs {
  /** Lowercase hex, no prefix: a commit OID, or the 32-byte digest of a multi-journal `Ledger-Head`. */
  readonly ledgerHead: string;
  /** Lowercase hex commit OID of the policy bundle. */
  readonly policyRoot: string;
  /** Lowercase hex sha256 of the fold artefact (the `Fold-Root` trailer without `sha256:`). */
  readonly foldRoot?: string;
  readonly extractorVersion: string;
}

/** `BE32(len)‖bytes` for ledger_head, policy_root, [fold_root], then extractor_version as UTF-8. */
export function explorerRootPreimage(inputs: ExplorerRootInputs): Uint8Array {
  const parts = [hexField('ledger_head', inputs.ledgerHead), hexField('policy_root', inputs.policyRoot)];
  if (inputs.foldRoot !== undefined) parts.push(hexField('fold_root', inputs.foldRoot));
  parts.push(new TextEncoder().encode(inputs.extractorVersion));
  const out = new Uint8Array(parts.reduce((n, p) => n + 4 + p.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const p of parts) {
    view.setUint32(at, p.length, false);
    out.set(p, at + 4);
    at += 4 + p.length;
  }
  return out;
}

/** Explorer-Root = blake3(preimage), lowercase hex without prefix (as in the §15.1 vector). */
export function explorerRoot(inputs: ExplorerRootInputs): string {
  return blake3Hex(explorerRootPreimage(inputs));
}

function hexField(field: string, hex: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})+$/.test(hex)) {
    throw new GatosError('EXPORT_BAD_ROOT', `${field} ${JSON.stringify(hex)} is not lowercase hex`, { data: { field }, exitClass: 'check' });
  }
  return fromHex(hex, field);
}

/** Strips a `blake3:`/`sha256:` prefix: the formula hashes the digest bytes, not their text form. */
export function bareHex(value: string): string {
  return value.replace(/^(?:blake3|sha256):/, '');
}
