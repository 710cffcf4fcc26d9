import {
  GatosError, canonicalJsonBytes, decodeCommit, decodeTree, encodeCanonical, encodeCommit, encodeTree, formatPublicKey,
  formatSignature, hashObject, parsePublicKey, parseSignature, retryWithJitter, verifyStrict,
  type ObjectStore, type Oid, type RefStore, type Signer, type TreeEntry,
} from '@gatos/core';

/**
 * Folder signatures over a checkpoint's Proof-of-Fold, kept as git notes on `refs/notes/gatos/pof`
 * (ADR-0009). Detached so that the checkpoint commit is identical whoever folded it; several folders
 * may co-sign the same checkpoint.
 */
export const POF_NOTES_REF = 'refs/notes/gatos/pof';

export interface PofSignature {
  readonly actor: string;
  /** `ed25519:<hex>` */
  readonly signer: string;
  /** `ed25519:<hex>` over the signing statement. */
  readonly sig: string;
}

/** What a folder signs: the checkpoint commit and its Proof-Of-Fold digest. */
export function pofStatement(checkpoint: Oid, proofOfFold: string): Uint8Array {
  return encodeCanonical({ type: 'pof.signature', checkpoint, proof_of_fold: proofOfFold });
}

export function signPof(signer: Signer, checkpoint: Oid, proofOfFold: string): PofSignature {
  return { actor: signer.actor, signer: formatPublicKey(signer.publicKey), sig: formatSignature(signer.sign(pofStatement(checkpoint, proofOfFold))) };
}

export function pofSignatureValid(s: PofSignature, checkpoint: Oid, proofOfFold: string): boolean {
  try {
    return verifyStrict(parsePublicKey(s.signer), pofStatement(checkpoint, proofOfFold), parseSignature(s.sig));
  } catch {
    return false;
  }
}

/** Signatures attached to `checkpoint` (empty when none). Accepts flat and fan-out notes trees. */
export async function readPofSignatures(store: { objects: ObjectStore; refs: RefStore }, checkpoint: Oid): Promise<PofSignature[]> {
  const notes = await store.refs.read(POF_NOTES_REF);
  if (!notes) return [];
  const tree = decodeCommit((await store.objects.read(notes)).body).tree;
  for (const name of [checkpoint, `${checkpoint.slice(0, 2)}/${checkpoint.slice(2)}`]) {
    try {
      const blob = await store.objects.read(`${tree}:${name}`);
      return parseNote(blob.body);
    } catch {
      // not under this layout
    }
  }
  return [];
}

/** Adds `signature` to the note of `checkpoint` (idempotent), moving the notes ref by compare-and-swap. */
export async function addPofSignature(store: { objects: ObjectStore; refs: RefStore }, checkpoint: Oid, signature: PofSignature, time: number): Promise<void> {
  await retryWithJitter(5, async () => {
    const notes = await store.refs.read(POF_NOTES_REF);
    const entries: TreeEntry[] = notes ? decodeTree((await store.objects.read(decodeCommit((await store.objects.read(notes)).body).tree)).body) : [];
    const existing = await readPofSignatures(store, checkpoint);
    const all = [...existing.filter((s) => !(s.actor === signature.actor && s.signer === signature.signer)), signature]
      .sort((x, y) => (x.actor + x.signer < y.actor + y.signer ? -1 : 1));
    const blob = canonicalJsonBytes({ signatures: all });
    const kept = entries.filter((e) => e.name !== checkpoint);
    const treeBody = encodeTree([...kept, { mode: '100644', name: checkpoint, oid: hashObject('blob', blob) }]);
    const ident = { name: 'gatos-fold', email: 'fold@gatos', timestamp: time, tzOffset: '+0000' };
    const commitBody = encodeCommit({ tree: hashObject('tree', treeBody), parents: notes ? [notes] : [], author: ident, committer: ident, message: `gatos: PoF signature by ${signature.actor} on ${checkpoint}\n` });
    const [, , commit] = await store.objects.write([{ type: 'blob', body: blob }, { type: 'tree', body: treeBody }, { type: 'commit', body: commitBody }]);
    await store.refs.compareAndSwap(POF_NOTES_REF, notes, commit!);
  });
}

function parseNote(bytes: Uint8Array): PofSignature[] {
  try {
    const v = JSON.parse(new TextDecoder().decode(bytes)) as { signatures?: unknown };
    if (!Array.isArray(v.signatures)) return [];
    return v.signatures.filter((s): s is PofSignature => typeof s?.actor === 'string' && typeof s?.signer === 'string' && typeof s?.sig === 'string');
  } catch {
    throw new GatosError('POF_NOTE_INVALID', 'a PoF signature note is not valid JSON', { exitClass: 'check' });
  }
}
