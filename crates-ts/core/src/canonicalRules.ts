/**
 * The strict DAG-CBOR rules of gatos, in one table (SPEC-DIGEST §0, ADR-0001).
 *
 * `decodeStrict` rejects each violation with the rule's code and, where known, `data.offset`
 * (the byte offset of the offending item's header). `encodeCanonical` enforces the value-side
 * rules before encoding. Every rule but the final re-encode guard has a hostile vector in
 * `spec/vectors/envelope/cbor-rejects.json` (a test keeps it so).
 */
export const CANONICAL_RULES = {
  maxBytes: {
    code: 'CBOR_TOO_LARGE',
    limit: 1024 * 1024,
    rule: 'input is at most 1 MiB (or the caller-given maxBytes); checked before decoding',
  },
  maxDepth: {
    code: 'CBOR_TOO_DEEP',
    limit: 64,
    rule: 'arrays, maps and tags nest at most 64 deep (keeps hostile input off the call stack)',
  },
  complete: { code: 'CBOR_TRUNCATED', rule: 'the input holds one whole data item' },
  noTrailingBytes: { code: 'CBOR_TRAILING_BYTES', rule: 'nothing follows the top-level item' },
  wellFormed: {
    code: 'CBOR_MALFORMED',
    rule: 'no reserved additional-info values (28-30) and no stray break byte',
  },
  definiteLengths: {
    code: 'CBOR_INDEFINITE_LENGTH',
    rule: 'byte strings, text strings, arrays and maps have definite lengths',
  },
  minimalHeads: {
    code: 'CBOR_NON_MINIMAL',
    rule: 'integers, lengths and tag numbers use the shortest head that holds them',
  },
  stringKeys: { code: 'CBOR_MAP_KEY_NOT_STRING', rule: 'map keys are text strings' },
  sortedKeys: {
    code: 'CBOR_MAP_KEY_ORDER',
    rule: 'map keys are sorted by encoded bytes: shorter first, then bytewise (RFC 7049 canonical)',
  },
  uniqueKeys: { code: 'CBOR_MAP_KEY_DUPLICATE', rule: 'map keys are unique' },
  noFloats: {
    code: 'CBOR_FLOAT',
    rule: 'no floating-point values of any width, so no NaN, Infinity or -0: integers only',
  },
  noSimpleValues: {
    code: 'CBOR_SIMPLE_VALUE',
    rule: 'the only simple values are false, true and null (undefined is refused)',
  },
  onlyCidTag: { code: 'CBOR_TAG', rule: 'the only tag is 42 (CID); bignums (tags 2/3) are refused' },
  validCids: {
    code: 'CBOR_BAD_CID',
    rule: 'tag 42 wraps a byte string of 0x00 followed by a binary CID',
  },
  utf8Strings: { code: 'CBOR_INVALID_UTF8', rule: 'text strings are valid UTF-8' },
  noLeadingBom: {
    code: 'CBOR_LEADING_BOM',
    rule: 'text strings do not start with U+FEFF (@ipld/dag-cbor silently drops a leading BOM)',
  },
  integerRange: {
    code: 'CBOR_INTEGER_RANGE',
    rule: 'integers fit the CBOR 64-bit heads: -(2^64) ..= 2^64-1',
  },
  safeNumbers: {
    code: 'CBOR_UNSAFE_INTEGER',
    rule: 'a JS number must be a safe integer when encoding; larger integers are BigInt',
  },
  dataModel: {
    code: 'CBOR_UNSUPPORTED_VALUE',
    rule:
      'encodable values are null, booleans, integers, strings, Uint8Array, arrays, plain objects and CIDs',
  },
  reencodesIdentically: {
    code: 'CBOR_NOT_CANONICAL',
    rule: 'decoding then re-encoding gives the same bytes (final guard behind the rules above)',
  },
} as const;

export type CanonicalRule = keyof typeof CANONICAL_RULES;
