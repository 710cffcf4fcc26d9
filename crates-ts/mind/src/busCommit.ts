/**
 * Commits of the bus (messages, acks, summaries, commitments) share one shape: a small tree of canonical files,
 * a subject naming the record kind (`gmb.msg`, `gmb.ack`, `gmb.summary`, `gmb.commit`), trailers, and an
 * identity and date derived only from the record, so identical content on the same parent gives the
 * same commit id on every machine (as journal events do, ADR-0004).
 */
import {
  encodeCommit, formatMessage, formatPublicKey, formatSignature, hashObject, parseActor, treeFromFiles,
  type GitIdent, type Oid, type RawObject, type Signer,
} from '@gatos/core';

export const MESSAGE_SUBJECT = 'gmb.msg';
export const ACK_SUBJECT = 'gmb.ack';
export const SUMMARY_SUBJECT = 'gmb.summary';
export const COMMITMENT_SUBJECT = 'gmb.commit';

/** `user:alice` at `timeMs` → `user:alice <alice@user.gatos>`, whole seconds, UTC. */
export function actorIdent(actor: string, timeMs: number): GitIdent {
  const { kind, name } = parseActor(actor);
  return { name: actor, email: `${name}@${kind}.gatos`, timestamp: Math.floor(timeMs / 1000), tzOffset: '+0000' };
}

/** The trailers that carry a signature over `signed` bytes: `Sig-Alg`, `Signer`, `Sig`. */
export function signatureTrailers(publicKey: Uint8Array, signature: Uint8Array): Array<[string, string]> {
  return [['Sig-Alg', 'ed25519'], ['Signer', formatPublicKey(publicKey)], ['Sig', formatSignature(signature)]];
}

/** Signs `bytes` with `signer` and returns the signature trailers. */
export function signTrailers(signer: Signer, bytes: Uint8Array): Array<[string, string]> {
  return signatureTrailers(signer.publicKey, signer.sign(bytes));
}

/** Builds (does not write) the objects of one bus commit. */
export function buildBusCommit(input: {
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly parent: Oid | null;
  readonly subject: string;
  readonly trailers: ReadonlyArray<readonly [string, string]>;
  readonly actor: string;
  readonly timeMs: number;
}): { oid: Oid; objects: RawObject[] } {
  const tree = treeFromFiles(input.files);
  const ident = actorIdent(input.actor, input.timeMs);
  const body = encodeCommit({
    tree: tree.root,
    parents: input.parent ? [input.parent] : [],
    author: ident,
    committer: ident,
    message: formatMessage(input.subject, input.trailers),
  });
  return { oid: hashObject('commit', body), objects: [...tree.objects, { type: 'commit', body }] };
}
