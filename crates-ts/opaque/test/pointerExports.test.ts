import { describe, expect, it } from 'vitest';

// The resolver's exports are pinned by its own tests; this pins the pointer/store/encryption block.
const POINTER_API = [
  'DirBlobStore', 'MAX_BUCKET', 'MIN_BUCKET', 'OBJECTS_REF', 'OPAQUE_ALGO', 'RepoBlobStore', 'WRAP_SUITE', 'blobHash', 'bucketFor',
  'decryptBlob', 'encryptBlob', 'fetchStored', 'formatPointer', 'isBucket', 'loadActiveTrust', 'materializeBlob', 'mergeObjectTips',
  'openBlobStore', 'pad', 'parseBlobHash', 'parseBlobStoreSetting', 'parsePointer', 'parsePointerJson', 'putBlob', 'putOpaqueBlob',
  'recipientKeyFromSeed', 'rekeyBlob', 'resolveRecipients', 'storedHash', 'unpad', 'unwrapContentKey', 'x25519FromEd25519',
];

describe('@gatos/opaque pointer API', () => {
  it('exposes the pointer, store and encryption functions (changing them is deliberate: update this list)', async () => {
    const keys = Object.keys(await import('@gatos/opaque'));
    expect(keys.filter((k) => POINTER_API.includes(k)).sort()).toEqual(POINTER_API);
  });

  it('keeps fixed-randomness and low-level crypto helpers out of the public surface', async () => {
    const keys = Object.keys(await import('@gatos/opaque'));
    for (const internal of ['encryptBlobWith', 'wrapKey', 'unwrapKey', 'sealContent', 'openContent', 'wrapAad', 'contentAad', 'keyCommitment', 'rewrapBlob']) {
      expect(keys).not.toContain(internal);
    }
  });
});
