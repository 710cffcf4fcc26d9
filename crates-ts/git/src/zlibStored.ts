/**
 * A zlib stream (RFC 1950) whose deflate data (RFC 1951) uses only stored blocks, i.e. zlib at
 * "level 0". Why: node's `deflateSync` costs ~35-50 µs per call in setup alone, which dominates
 * small objects (a 60,000-object pack spent 5 s in it); a stored stream is a copy plus Adler-32.
 * Every zlib reader (git, isomorphic-git) inflates it; `git gc` recompresses later.
 */

const MAX_BLOCK = 0xffff;

function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  const n = data.length;
  // 3,800 bytes keep b below 2^32 between reductions (zlib's NMAX is 5552 for 32-bit math).
  for (let start = 0; start < n; start += 3800) {
    const end = Math.min(start + 3800, n);
    for (let i = start; i < end; i++) {
      a += data[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** Size of `zlibStored` output for `n` bytes of data. */
export function zlibStoredLength(n: number): number {
  return 2 + Math.max(1, Math.ceil(n / MAX_BLOCK)) * 5 + n + 4;
}

/** Writes `data` as a zlib stream of stored blocks into `out` at `pos`; returns the end position. */
export function writeZlibStored(data: Uint8Array, out: Buffer, pos: number): number {
  const blocks = Math.max(1, Math.ceil(data.length / MAX_BLOCK));
  out[pos++] = 0x78; // CM=8 (deflate), CINFO=7 (32K window)
  out[pos++] = 0x01; // FLEVEL=0 (fastest), FCHECK so that 0x7801 % 31 == 0
  for (let i = 0; i < blocks; i++) {
    const chunk = data.subarray(i * MAX_BLOCK, Math.min((i + 1) * MAX_BLOCK, data.length));
    out[pos] = i === blocks - 1 ? 1 : 0; // BFINAL, BTYPE=00 (stored)
    out.writeUInt16LE(chunk.length, pos + 1);
    out.writeUInt16LE(~chunk.length & 0xffff, pos + 3);
    out.set(chunk, pos + 5);
    pos += 5 + chunk.length;
  }
  out.writeUInt32BE(adler32(data), pos);
  return pos + 4;
}

/** `data` wrapped as a zlib stream of stored blocks. */
export function zlibStored(data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(zlibStoredLength(data.length));
  writeZlibStored(data, out, 0);
  return out;
}
