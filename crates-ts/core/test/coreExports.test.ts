import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';

// The encoding/crypto surface the other planes are written against; renaming any of these is a breaking change.
const ENCODING_AND_CRYPTO = [
  'CORE_ERROR_EXIT', 'toHex', 'fromHex', 'initHashes', 'isBlake3WasmReady', 'blake3', 'blake3Hex', 'blake3Noble',
  'sha256', 'sha256Hex', 'bytesEqual', 'CANONICAL_RULES', 'encodeCanonical', 'decodeStrict', 'cidOf', 'parseCid',
  'DAG_CBOR_CODE', 'BLAKE3_MULTIHASH_CODE', 'generateSeed', 'publicKeyFromSeed', 'signBytes', 'assertStrictPublicKey',
  'verifyStrict', 'verifyStrictNoble', 'formatPublicKey', 'parsePublicKey', 'formatSignature', 'parseSignature',
  'parseActor', 'actorRefPath', 'assertNamespace', 'assertEventType', 'assertUlid', 'ulidTime', 'newUlid', 'compareUlid',
  'assertTimestamp', 'timestampToSeconds', 'formatTimestamp', 'canonicalJson', 'canonicalJsonBytes', 'encodeEnvelope',
  'decodeEnvelope', 'eventCid', 'formatMessage', 'parseMessage', 'trailerValue',
];

describe('@gatos/core exports', () => {
  it('exposes the encoding and crypto API by name', () => {
    const missing = ENCODING_AND_CRYPTO.filter((name) => !(name in core));
    expect(missing).toEqual([]);
  });
});
