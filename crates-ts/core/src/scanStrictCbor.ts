/**
 * A header walker over untrusted DAG-CBOR bytes (RFC 8949 §3, DAG-CBOR strict profile).
 *
 * It checks every rule of `CANONICAL_RULES` that can be seen in the encoding itself and names the
 * byte offset of the first violation, so `decodeStrict` can report precise codes before handing
 * the bytes to @ipld/dag-cbor. It allocates nothing but map-key views.
 * Attacker-controlled input: every length is checked against the bytes left before it is used.
 */
import { CID } from 'multiformats/cid';
import { CANONICAL_RULES, type CanonicalRule } from './canonicalRules.js';
import { coreError } from './coreError.js';
import type { GatosError } from './errors.js';
import type { CoreErrorCode } from './codes.js';

const MAJOR_NAMES = ['unsigned integer', 'negative integer', 'byte string', 'text string', 'array', 'map', 'tag', 'simple/float'];
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function violation(rule: CanonicalRule, offset: number, message: string): GatosError<CoreErrorCode> {
  return coreError(CANONICAL_RULES[rule].code, `${message} at byte ${offset} (rule ${rule})`, {
    data: { offset, rule },
  });
}

/** Minimum argument value for each long head form (additional info 24..27). */
const MINIMUM = [24, 0x100, 0x10000, 0x100000000];

class Scanner {
  private pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  scan(): void {
    this.item(0);
    if (this.pos !== this.bytes.length) {
      throw violation('noTrailingBytes', this.pos, `${this.bytes.length - this.pos} byte(s) follow the top-level item`);
    }
  }

  /** Reads a head's argument; returns it as a number (lengths above 2^53 become Infinity). */
  private argument(offset: number, info: number): number {
    const bytes = this.bytes;
    if (info < 24) {
      this.pos = offset + 1;
      return info;
    }
    if (info > 27) {
      throw violation('wellFormed', offset, `reserved additional info ${info} in a ${MAJOR_NAMES[bytes[offset]! >> 5]} head`);
    }
    const size = 1 << (info - 24);
    if (offset + 1 + size > bytes.length) throw violation('complete', offset, 'input ends inside a head');
    let value = 0;
    for (let i = 1; i <= size; i++) value = value * 256 + bytes[offset + i]!;
    // Above 2^53 `value` is imprecise but still far above MINIMUM and above any real length.
    if (value < MINIMUM[info - 24]!) {
      throw violation('minimalHeads', offset, `value ${value} is encoded in ${size + 1} bytes; it needs fewer`);
    }
    this.pos = offset + 1 + size;
    return value;
  }

  private item(depth: number): void {
    const bytes = this.bytes;
    const offset = this.pos;
    if (offset >= bytes.length) throw violation('complete', offset, 'input ends where a data item should start');
    const initial = bytes[offset]!;
    const major = initial >> 5;
    const info = initial & 31;
    if (major === 7) return this.simple(offset, info);
    if (info === 31) {
      if (major >= 2 && major <= 5) {
        throw violation('definiteLengths', offset, `indefinite-length ${MAJOR_NAMES[major]}`);
      }
      throw violation('wellFormed', offset, `additional info 31 is not allowed on a ${MAJOR_NAMES[major]}`);
    }
    const arg = this.argument(offset, info);
    switch (major) {
      case 0:
      case 1:
        return;
      case 2:
        this.skip(offset, arg);
        return;
      case 3:
        this.text(offset, arg);
        return;
      case 4:
        this.enter(offset, depth, arg);
        for (let i = 0; i < arg; i++) this.item(depth + 1);
        return;
      case 5:
        this.enter(offset, depth, arg * 2);
        this.mapEntries(arg, depth);
        return;
      default:
        this.tag(offset, arg, depth);
    }
  }

  private skip(offset: number, length: number): void {
    if (length > this.bytes.length - this.pos) {
      throw violation('complete', offset, `a string of ${length} bytes runs past the end of the input`);
    }
    this.pos += length;
  }

  private text(offset: number, length: number): void {
    const start = this.pos;
    this.skip(offset, length);
    const content = this.bytes.subarray(start, this.pos);
    if (!isAscii(content)) {
      try {
        utf8.decode(content);
      } catch {
        throw violation('utf8Strings', offset, 'text string is not valid UTF-8');
      }
    }
    if (content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf) {
      throw violation('noLeadingBom', offset, 'text string starts with U+FEFF');
    }
  }

  private enter(offset: number, depth: number, minimumItems: number): void {
    if (depth + 1 > CANONICAL_RULES.maxDepth.limit) {
      throw violation('maxDepth', offset, `nesting deeper than ${CANONICAL_RULES.maxDepth.limit}`);
    }
    // Every item takes at least one byte, so a count beyond the bytes left is a truncation.
    if (minimumItems > this.bytes.length - this.pos) {
      throw violation('complete', offset, `a container of ${minimumItems} item(s) runs past the end of the input`);
    }
  }

  private mapEntries(count: number, depth: number): void {
    let previous: Uint8Array | null = null;
    for (let i = 0; i < count; i++) {
      const keyOffset = this.pos;
      const keyMajor = (this.bytes[keyOffset] ?? 0) >> 5;
      if (keyOffset < this.bytes.length && keyMajor !== 3) {
        throw violation('stringKeys', keyOffset, `map key is a ${MAJOR_NAMES[keyMajor]}`);
      }
      this.item(depth + 1);
      const key = this.bytes.subarray(keyOffset, this.pos);
      if (previous !== null) {
        const order = compareEncodedKeys(previous, key);
        if (order === 0) throw violation('uniqueKeys', keyOffset, `duplicate map key ${quoteKey(key)}`);
        if (order > 0) throw violation('sortedKeys', keyOffset, `map key ${quoteKey(key)} is out of order`);
      }
      previous = key;
      this.item(depth + 1);
    }
  }

  private tag(offset: number, tag: number, depth: number): void {
    if (tag !== 42) throw violation('onlyCidTag', offset, `tag ${tag}`);
    if (depth + 1 > CANONICAL_RULES.maxDepth.limit) {
      throw violation('maxDepth', offset, `nesting deeper than ${CANONICAL_RULES.maxDepth.limit}`);
    }
    const inner = this.pos;
    if (inner < this.bytes.length && this.bytes[inner]! >> 5 !== 2) {
      throw violation('validCids', inner, 'tag 42 must wrap a byte string');
    }
    this.item(depth + 1);
    const content = this.bytes.subarray(inner, this.pos);
    const headLength = content.length - contentLength(content);
    const payload = content.subarray(headLength);
    if (payload[0] !== 0) throw violation('validCids', inner, 'a CID byte string must start with 0x00');
    try {
      CID.decode(payload.subarray(1));
    } catch {
      throw violation('validCids', inner, 'tag 42 does not hold a valid binary CID');
    }
  }

  private simple(offset: number, info: number): void {
    if (info >= 20 && info <= 22) {
      this.pos = offset + 1;
      return;
    }
    if (info >= 25 && info <= 27) throw violation('noFloats', offset, describeFloat(this.bytes, offset, info));
    if (info === 23) throw violation('noSimpleValues', offset, 'undefined');
    if (info < 24) throw violation('noSimpleValues', offset, `simple value ${info}`);
    if (info === 24) throw violation('noSimpleValues', offset, 'one-byte simple value');
    if (info === 31) throw violation('wellFormed', offset, 'break byte outside an indefinite-length item');
    throw violation('wellFormed', offset, `reserved additional info ${info} in a simple/float head`);
  }
}

/** Most keys and values are ASCII; a byte loop is much cheaper than a TextDecoder call for them. */
function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! > 0x7f) return false;
  return true;
}

/** Length of a definite byte string's content, from its (already validated) head. */
function contentLength(encoded: Uint8Array): number {
  const info = encoded[0]! & 31;
  if (info < 24) return info;
  let value = 0;
  for (let i = 1; i <= 1 << (info - 24); i++) value = value * 256 + encoded[i]!;
  return value;
}

/** DAG-CBOR key order: shorter encoding first, then bytewise. */
function compareEncodedKeys(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return 0;
}

function quoteKey(encodedKey: Uint8Array): string {
  const content = encodedKey.subarray(encodedKey.length - contentLength(encodedKey));
  return JSON.stringify(new TextDecoder().decode(content).slice(0, 64));
}

/** Names the float for the message, so NaN, Infinity and -0 are recognisable in errors. */
function describeFloat(bytes: Uint8Array, offset: number, info: number): string {
  const width = [16, 32, 64][info - 25]!;
  const size = width / 8;
  if (offset + 1 + size > bytes.length) return `float${width} (truncated)`;
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset + 1, size);
  let value: number;
  if (width === 64) value = view.getFloat64(0);
  else if (width === 32) value = view.getFloat32(0);
  else value = decodeHalf(view.getUint16(0));
  const shown = Object.is(value, -0) ? '-0' : String(value);
  return `float${width} ${shown} (gatos allows integers only)`;
}

function decodeHalf(half: number): number {
  const sign = half & 0x8000 ? -1 : 1;
  const exponent = (half >> 10) & 0x1f;
  const fraction = half & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/**
 * Throws the first strictness violation in `bytes` (code and `data.offset`), or returns when the
 * encoding follows every header-visible rule of `CANONICAL_RULES`.
 */
export function scanStrictCbor(bytes: Uint8Array): void {
  new Scanner(bytes).scan();
}
