// L = 2^252 + 27742317777372353535851937790883648493, the order of the Ed25519 base point, little-endian.
const L = Buffer.from('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010', 'hex');

/** True when the 32-byte little-endian scalar is below L (RFC 8032 §5.1.7: S must be canonical). */
export function isCanonicalScalar(scalar: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    if (scalar[i] !== L[i]) return scalar[i]! < L[i]!;
  }
  return false;
}
