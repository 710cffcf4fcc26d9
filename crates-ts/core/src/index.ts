/**
 * `@gatos/core`: canonical encoding, content ids, Ed25519, identifiers, errors and the ports
 * every plane is written against. Pure: no git, no file system, no network.
 */
export { GatosError, isGatosError } from './errors.js';
export type { ErrorData, ExitClass } from './errors.js';
export { ZERO_OID, systemClock } from './ports.js';
export type { Oid, GitObjectType, RawObject, ObjectStore, RefStore, RefUpdate, Clock, Signer } from './ports.js';

// encoding and crypto (pure)
export { CORE_ERROR_EXIT } from './codes.js';
export type { CoreErrorCode } from './codes.js';
export { toHex, fromHex } from './hex.js';
export { initHashes, isBlake3WasmReady, blake3, blake3Hex, blake3Noble } from './blake3.js';
export { sha256, sha256Hex } from './sha256.js';
export { bytesEqual } from './bytesEqual.js';
export { CANONICAL_RULES } from './canonicalRules.js';
export type { CanonicalRule } from './canonicalRules.js';
export type { CborValue } from './cborValue.js';
export { encodeCanonical } from './encodeCanonical.js';
export { decodeStrict } from './decodeStrict.js';
export type { DecodeStrictOptions } from './decodeStrict.js';
export { cidOf, parseCid, DAG_CBOR_CODE, BLAKE3_MULTIHASH_CODE } from './cid.js';
export { generateSeed, publicKeyFromSeed } from './ed25519Keys.js';
export { signBytes } from './signBytes.js';
export { assertStrictPublicKey } from './strictPublicKey.js';
export { verifyStrict } from './verifyStrict.js';
export { verifyStrictNoble } from './verifyStrictNoble.js';
export { formatPublicKey, parsePublicKey, formatSignature, parseSignature } from './keyText.js';
export { parseActor, actorRefPath } from './actor.js';
export type { Actor, ActorKind } from './actor.js';
export { assertNamespace } from './namespace.js';
export { assertEventType } from './eventType.js';
export { assertUlid, ulidTime, newUlid, compareUlid } from './ulid.js';
export { assertTimestamp, timestampToSeconds, formatTimestamp } from './timestamp.js';
export { canonicalJson, canonicalJsonBytes } from './jcs.js';
export type { EventEnvelope } from './envelope.js';
export { encodeEnvelope } from './encodeEnvelope.js';
export { decodeEnvelope } from './decodeEnvelope.js';
export { eventCid } from './eventCid.js';
export { formatMessage, parseMessage, trailerValue } from './trailers.js';
export { buildJsonRecordCommit, chainCommits } from './recordCommit.js';
export type { JsonRecordCommit } from './recordCommit.js';
export type { Trailer, ParsedMessage } from './trailers.js';

// git object format (pure codecs; owned by the git-adapter work)
export { hashObject, isOid, encodeCommit, decodeCommit, encodeTree, decodeTree } from './gitObject.js';
export type { GitIdent, CommitData, DecodedCommit, TreeEntry, TreeEntryMode, GitObjectErrorCode } from './gitObject.js';

// helpers shared by the planes (owned by the lead)
export { retryWithJitter } from './retryWithJitter.js';
export { treeFromFiles, readTreeFiles } from './treeFiles.js';
export { createVerifyPool } from './verifyPool.js';
export type { VerifyPool, VerifyPoolOptions, SignatureCheck } from './verifyPool.js';
