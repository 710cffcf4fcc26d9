/**
 * `@gatos/opaque`: opaque pointers (SPEC-DIGEST §8). Public blobs and ciphertext live in a
 * content-addressed store; opaque pointers carry only the ciphertext digest, a bucketed size and the
 * content key wrapped to each recipient; the resolver serves bytes to authorised callers.
 */
export type { BlobStore } from './blobStore.js';

// resolver (SPEC-DIGEST §8 "Resolver", ADR-0016)
export { startResolver } from './resolver/startResolver.js';
export type { ResolverOptions, ResolverServer, ResolverStats } from './resolver/startResolver.js';
export { DEFAULT_RESOLVER_LIMITS } from './resolver/resolverLimits.js';
export type { ResolverLimits } from './resolver/resolverLimits.js';
export type { BucketRate } from './resolver/tokenBuckets.js';
export { handleResolve } from './resolver/handleResolve.js';
export type { ResolveRequest, ResolveOutcome, ResolveDeps } from './resolver/handleResolve.js';
export { parseResolvePath } from './resolver/parseResolvePath.js';
export type { ResolvePath } from './resolver/parseResolvePath.js';
export { mintResolverToken } from './resolver/mintResolverToken.js';
export type { MintedToken, ResolverTokenClaims, ResolverTokenHeader } from './resolver/mintResolverToken.js';
export { verifyResolverToken, VerifyKeyCache, MAX_TOKEN_BYTES } from './resolver/verifyResolverToken.js';
export type { TokenCheck, TokenCheckOptions, TokenRefusal, VerifiedToken } from './resolver/verifyResolverToken.js';
export { parseTtl, MAX_TOKEN_LIFETIME_SECONDS } from './resolver/parseTtl.js';
export { normaliseAudience } from './resolver/audience.js';
export { parseScope, MAX_SCOPE_CLASSES } from './resolver/tokenScope.js';
export { parseResolverPolicy, defaultResolverPolicy, RESOLVER_POLICY_PATH, CLASS_NAME } from './resolver/resolverPolicy.js';
export type { ResolverPolicy, ReaderRule } from './resolver/resolverPolicy.js';
export { authorizeRead } from './resolver/authorizeRead.js';
export type { ReadDecision, ReadRefusal } from './resolver/authorizeRead.js';
export { loadResolverAuthority, ActiveResolverPolicy } from './resolver/activeResolverPolicy.js';
export type { ResolverAuthority } from './resolver/activeResolverPolicy.js';
export { NO_CLASSES } from './resolver/blobClassIndex.js';
export { RepoClassIndex, recordBlobClasses } from './resolver/blobClasses.js';
export type { ClassifyResult } from './resolver/blobClasses.js';
export type { BlobClassIndex } from './resolver/blobClassIndex.js';
export { RESOLVE_AUDIT_REF } from './resolver/resolveAuditRecord.js';
export type { ResolveAuditRecord } from './resolver/resolveAuditRecord.js';
export { buildResolveAuditCommit, RESOLVE_DECISION_FILE } from './resolver/resolveAuditCommit.js';
export { ResolveAuditLog } from './resolver/resolveAuditLog.js';
export { readResolveAudit } from './resolver/readResolveAudit.js';
export type { ResolveAuditEntry, ResolveAuditView } from './resolver/readResolveAudit.js';
export { fetchResolved } from './resolver/fetchResolved.js';
export type { FetchedBlob } from './resolver/fetchResolved.js';
export type { ResolverErrorCode } from './resolver/errors.js';

// Pointers, encryption and stores (issue #6 part 1, ADR-0015).
export type { OpaqueErrorCode } from './errors.js';
export { blobHash, parseBlobHash } from './blobHash.js';
export { bucketFor, isBucket, MIN_BUCKET, MAX_BUCKET } from './bucket.js';
export { pad, unpad } from './padding.js';
export { parsePointer, parsePointerJson, formatPointer, storedHash, OPAQUE_ALGO, WRAP_SUITE } from './pointer.js';
export type { Pointer, BlobPointer, OpaquePointer, EncryptedMeta, RecipientWrap } from './pointer.js';
export { recipientKeyFromSeed, x25519FromEd25519 } from './recipientKey.js';
export type { RecipientKey } from './recipientKey.js';
export { resolveRecipients } from './recipients.js';
export type { Recipient } from './recipients.js';
export { loadActiveTrust } from './activeTrust.js';
export { encryptBlob, decryptBlob, unwrapContentKey } from './encryptBlob.js';
export type { EncryptOptions, EncryptedBlob } from './encryptBlob.js';
export { putBlob, putOpaqueBlob } from './putBlob.js';
export { materializeBlob, fetchStored } from './materializeBlob.js';
export type { MaterializeOptions } from './materializeBlob.js';
export { rekeyBlob } from './rekeyBlob.js';
export type { RekeyOptions } from './rekeyBlob.js';
export { RepoBlobStore, mergeObjectTips, OBJECTS_REF } from './repoBlobStore.js';
export type { RepoBlobStoreOptions } from './repoBlobStore.js';
export { DirBlobStore } from './dirBlobStore.js';
export { parseBlobStoreSetting, openBlobStore } from './blobStoreConfig.js';
export type { BlobStoreSetting } from './blobStoreConfig.js';
