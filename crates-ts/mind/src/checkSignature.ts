import { formatPublicKey, parsePublicKey, parseSignature, verifyStrict } from '@gatos/core';
import { isActorKey, type TrustGraph } from '@gatos/policy';
import { trailer, type CommitInfo } from './commitInfo.js';

/**
 * Checks a bus commit's `Sig-Alg`/`Signer`/`Sig` trailers over `signed` bytes: the key must belong to
 * `actor` in `trust` and the strict Ed25519 signature must verify. Returns the reason it fails, or null.
 * Pure: verification over already-loaded material.
 */
export function signatureProblem(info: CommitInfo, signed: Uint8Array, actor: string, trust: TrustGraph): { code: string; reason: string } | null {
  const alg = trailer(info, 'Sig-Alg');
  const signerText = trailer(info, 'Signer');
  const sigText = trailer(info, 'Sig');
  if (alg !== 'ed25519') return { code: 'BUS_SIG_ALG_INVALID', reason: `Sig-Alg is ${JSON.stringify(alg)}; only a single ed25519 trailer is accepted` };
  if (signerText === null || sigText === null) return { code: 'BUS_TRAILER_INVALID', reason: 'needs exactly one Signer and one Sig trailer' };
  let key: Uint8Array;
  let sig: Uint8Array;
  try {
    key = parsePublicKey(signerText);
    sig = parseSignature(sigText);
  } catch (err) {
    return { code: 'BUS_TRAILER_INVALID', reason: (err as Error).message };
  }
  const keyText = formatPublicKey(key);
  if (!isActorKey(trust, actor, keyText)) return { code: 'BUS_SIGNER_NOT_TRUSTED', reason: `signer ${keyText} is not a key of ${actor} in the active trust graph` };
  if (!verifyStrict(key, signed, sig)) return { code: 'BUS_BAD_SIGNATURE', reason: `signature does not verify under ${keyText}` };
  return null;
}
