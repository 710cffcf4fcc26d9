import { base58btc } from 'multiformats/bases/base58';
import { CID } from 'multiformats/cid';
import * as Digest from 'multiformats/hashes/digest';
import { describe, expect, it } from 'vitest';
import { cidOf, fromHex, parseCid, toHex } from '../src/index.js';
import { expectCode } from './support/vectors.js';

const SPEC_CID = 'bafyr4ierlccsl2tykpoggzeke4badjs3xd27fmaddlq3dthzxh5wsgwlsm';

describe('hex', () => {
  it('round-trips lowercase hex', () => {
    expect(toHex(fromHex('00ff10ab'))).toBe('00ff10ab');
    expect(fromHex('')).toEqual(new Uint8Array());
    expect(toHex(new Uint8Array([1, 2, 3]).subarray(1))).toBe('0203');
  });
  it.each(['0', 'ABCD', 'zz', '0x00', ' 00'])('rejects %j', (text) => {
    expectCode(() => fromHex(text, 'policy_root'), 'BAD_HEX', { what: 'policy_root' });
  });
});

describe('content ids', () => {
  it('parses the SPEC-DIGEST §13 Event-CID', () => {
    const cid = parseCid(SPEC_CID);
    expect(toHex(cid.multihash.digest)).toBe('91588525ea7853dc63648a270201a65bb8f5f2b0031ae1b1ccf9b9fb691acb93');
    expect(cidOf(new Uint8Array())).toMatch(/^bafyr4i/);
  });

  const sha256Cid = CID.createV1(0x71, Digest.create(0x12, new Uint8Array(32))).toString();
  const rawCodec = CID.createV1(0x55, Digest.create(0x1e, new Uint8Array(32))).toString();
  it.each([
    ['uppercase', SPEC_CID.toUpperCase()],
    ['base58 spelling', CID.parse(SPEC_CID).toString(base58btc)],
    ['sha2-256 multihash', sha256Cid],
    ['raw codec', rawCodec],
    ['truncated', SPEC_CID.slice(0, -1)],
    ['CIDv0', 'QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n'],
    ['empty', ''],
  ])('rejects %s', (_, text) => {
    expectCode(() => parseCid(text), 'BAD_CID');
  });
});
