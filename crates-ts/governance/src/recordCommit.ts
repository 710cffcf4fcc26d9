/**
 * Governance commits: a root commit whose tree holds `<kind>.json` (JCS; the grant also holds
 * `poc.json`), message `gatos governance <kind>` with the §5 trailers plus `Signer` and `Sig`
 * (Ed25519 over the JCS bytes of the envelope). Fixed author, committer and date, so a record is one
 * commit everywhere. Reading is attacker-controlled input: the message must be exactly the one the
 * envelope implies, and the envelope must be canonical and well formed.
 */
import {
  canonicalJson, canonicalJsonBytes, isGatosError, decodeCommit, encodeCommit, formatMessage, formatPublicKey, formatSignature, hashObject,
  parseMessage, parsePublicKey, parseSignature, readTreeFiles, trailerValue, treeFromFiles, verifyStrict,
  type ObjectStore, type Oid, type RawObject, type Signer,
} from '@gatos/core';
import { checkEnvelope, checkProofOfConsensus, type EnvelopeKind } from './envelopes.js';
import { recordTrailers } from './recordTrailers.js';

const IDENT = { name: 'gatos-governance', email: 'governance@gatos', timestamp: 0, tzOffset: '+0000' } as const;
const POC_FILE = 'poc.json';

/** A governance record as read back: the envelope when well formed, else `problem` says why. */
export interface RecordRead<T> {
  readonly commit: Oid;
  readonly envelope: T | null;
  /** Why the record cannot be used (malformed, trailers disagree, bad signature), or null. */
  readonly problem: string | null;
  /** `ed25519:<hex>` from the Signer trailer, when readable. */
  readonly signer: string | null;
  /** The grant's `poc.json`, parsed and well formed, else null. */
  readonly poc?: unknown;
}

/** Builds the objects of a record commit (tree, blobs, commit); writing them is the caller's job. */
export function buildRecordCommit(kind: EnvelopeKind | 'proof', envelope: object, signer: Signer, poc?: object): { oid: Oid; objects: RawObject[] } {
  const main = kind === 'proof' ? POC_FILE : `${kind}.json`;
  const body = kind === 'proof' ? poc! : envelope;
  const files = new Map<string, Uint8Array>([[main, canonicalJsonBytes(body)]]);
  if (poc !== undefined && kind === 'grant') files.set(POC_FILE, canonicalJsonBytes(poc));
  const { root, objects } = treeFromFiles(files);
  const sig = signer.sign(canonicalJsonBytes(body));
  const message = formatMessage(`gatos governance ${kind}`, [
    ...recordTrailers(kind, envelope), ['Signer', formatPublicKey(signer.publicKey)], ['Sig', formatSignature(sig)],
  ]);
  const commit = encodeCommit({ tree: root, parents: [], author: IDENT, committer: IDENT, message });
  return { oid: hashObject('commit', commit), objects: [...objects, { type: 'commit', body: commit }] };
}

/**
 * Reads and checks the record at `commit`. Never throws for bad content (a hostile record becomes
 * `problem`); rejects only when the object store itself fails.
 */
export async function readRecord<T>(objects: ObjectStore, commit: Oid, kind: EnvelopeKind): Promise<RecordRead<T>> {
  const fail = (problem: string, signer: string | null = null): RecordRead<T> => ({ commit, envelope: null, problem: `${kind} ${commit}: ${problem}`, signer });
  let signer: string | null = null;
  try {
    const raw = await objects.read(commit);
    if (raw.type !== 'commit') return fail(`is a ${raw.type}, not a commit`);
    const c = decodeCommit(raw.body);
    if (c.parents.length > 0) return fail('has parents; governance records are root commits');
    const trailers = parseMessage(c.message).trailers;
    signer = formatPublicKey(parsePublicKey(trailerValue(trailers, 'Signer')));
    const sig = trailerValue(trailers, 'Sig');
    const files = await readTreeFiles(objects, c.tree, 4);
    const allowed = kind === 'grant' ? [`${kind}.json`, POC_FILE] : [`${kind}.json`];
    if ([...files.keys()].some((name) => !allowed.includes(name))) return fail(`tree holds files other than ${allowed.join(', ')}`, signer);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(files.get(`${kind}.json`) ?? new Uint8Array());
    const value: unknown = JSON.parse(text);
    if (canonicalJson(value) !== text) return fail(`${kind}.json is not canonical JSON (RFC 8785)`, signer);
    const problem = checkEnvelope(kind, value);
    if (problem !== null) return fail(problem, signer);
    const expected = formatMessage(`gatos governance ${kind}`, [...recordTrailers(kind, value as object), ['Signer', signer], ['Sig', sig]]);
    if (c.message !== expected) return fail('commit message does not match its envelope (trailers altered or missing)', signer);
    if (!verifyStrict(parsePublicKey(signer), canonicalJsonBytes(value), parseSignature(sig))) return fail(`Sig does not verify under ${signer}`, signer);
    let poc: unknown;
    if (kind === 'grant') {
      const pocBytes = files.get(POC_FILE);
      poc = pocBytes === undefined ? null : JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(pocBytes));
      if (poc !== null && checkProofOfConsensus(poc) !== null) poc = null;
    }
    return { commit, envelope: value as T, problem: null, signer, ...(kind === 'grant' ? { poc } : {}) };
  } catch (err) {
    // Hostile content surfaces as GatosError (codecs, trailers, key text), SyntaxError (JSON) or TypeError (UTF-8).
    if (isGatosError(err) || err instanceof SyntaxError || err instanceof TypeError) return fail((err as Error).message.split('\n')[0]!, signer);
    throw err;
  }
}
