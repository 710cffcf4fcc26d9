import { describe, expect, it } from 'vitest';
import { blake3, encodeCanonical, fromHex, initHashes, toHex } from '@gatos/core';
import {
  assertConsumer, assertTopic, contentHash, decodeMessage, encodeMessage, formatOffset, makeMessage, merkleRoot,
  parseDuration, parseOffset, parseSegmentRef, segmentRef,
} from '../src/index.js';

await initHashes();

describe('topic and consumer names', () => {
  it.each(['gatos.jobs.pending', 'a', '0', 'gatos.governance.grant.created', 'x_y-z'])('accepts %s', (t) => expect(() => assertTopic(t)).not.toThrow());
  it.each(['', 'Gatos', 'gatos/jobs/pending', '.hidden', 'a..b', 'x.lock', 'trail.', 'sp ace', 'a:b', 'ü', 'x'.repeat(129)])('refuses %j with BUS_BAD_TOPIC', (t) => {
    expect(() => assertTopic(t)).toThrow(expect.objectContaining({ code: 'BUS_BAD_TOPIC' }));
  });
  it('refuses a consumer name that would nest refs', () => {
    expect(() => assertConsumer('team/worker')).toThrow(expect.objectContaining({ code: 'BUS_BAD_CONSUMER' }));
  });
});

describe('segment refs and offsets', () => {
  it('dates a segment ref by its ULID (UTC) and parses it back', () => {
    const ref = segmentRef('gatos.jobs.pending', '01KA0000000000000000000000');
    expect(ref).toBe('refs/gatos/mbus/gatos.jobs.pending/2025/11/14/01KA0000000000000000000000');
    expect(parseSegmentRef(ref)).toEqual({ topic: 'gatos.jobs.pending', segment: '01KA0000000000000000000000' });
  });
  it('rejects a segment ref whose date path disagrees with its ULID', () => {
    expect(parseSegmentRef('refs/gatos/mbus/t/2020/01/01/01KA0000000000000000000000')).toBeNull();
  });
  it('round-trips offsets and refuses malformed ones', () => {
    expect(formatOffset(parseOffset('01KA0000000000000000000000:42'))).toBe('01KA0000000000000000000000:42');
    for (const bad of ['01KA0000000000000000000000', '01KA0000000000000000000000:-1', '01KA0000000000000000000000:01', 'x:1', '81KA0000000000000000000000:1']) {
      expect(() => parseOffset(bad)).toThrow(expect.objectContaining({ code: 'BUS_BAD_OFFSET' }));
    }
  });
});

describe('durations', () => {
  it.each([['3600', 3_600_000], ['90s', 90_000], ['15m', 900_000], ['12h', 43_200_000], ['30d', 2_592_000_000], ['2w', 1_209_600_000], ['P30D', 2_592_000_000], ['PT12H', 43_200_000], ['P1DT6H', 108_000_000]])('%s = %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
  it.each(['', 'P', 'PT', '1y', '-5', '1.5h', 'P1M'])('refuses %j', (text) => expect(() => parseDuration(text)).toThrow(expect.objectContaining({ code: 'BUS_BAD_DURATION' })));
});

describe('Merkle root (leaf 0x00, node 0x01, odd node promoted)', () => {
  const h = (n: number): string => contentHash({ n });
  const leaf = (x: string): Uint8Array => blake3(new Uint8Array([0, ...fromHex(x.slice(7))]));
  const node = (l: Uint8Array, r: Uint8Array): Uint8Array => blake3(new Uint8Array([1, ...l, ...r]));
  it('of one hash is its leaf', () => expect(merkleRoot([h(1)])).toBe(`blake3:${toHex(leaf(h(1)))}`));
  it('of three hashes promotes the odd leaf', () => {
    const expected = node(node(leaf(h(1)), leaf(h(2))), leaf(h(3)));
    expect(merkleRoot([h(1), h(2), h(3)])).toBe(`blake3:${toHex(expected)}`);
  });
  it('depends on order', () => expect(merkleRoot([h(1), h(2)])).not.toBe(merkleRoot([h(2), h(1)])));
  it('refuses an empty window and malformed hashes', () => {
    expect(() => merkleRoot([])).toThrow(expect.objectContaining({ code: 'BUS_SUMMARY_INVALID' }));
    expect(() => merkleRoot(['sha256:00'])).toThrow(expect.objectContaining({ code: 'BUS_SUMMARY_INVALID' }));
  });
});

describe('message envelope (hostile bytes)', () => {
  const good = makeMessage('gatos.jobs.pending', '01KA0000000000000000000000', 'user:alice', { job: 'a' });
  it('round-trips', () => expect(decodeMessage(encodeMessage(good))).toEqual(good));
  it('rejects a payload that does not match its content hash', () => {
    expect(() => decodeMessage(encodeCanonical({ ...good, payload: { job: 'b' } }))).toThrow(/content_hash .* does not match/);
  });
  it('rejects extra or missing fields, bad producers and non-canonical bytes', () => {
    expect(() => decodeMessage(encodeCanonical({ ...good, extra: 1 }))).toThrow(expect.objectContaining({ code: 'BUS_MESSAGE_INVALID' }));
    expect(() => decodeMessage(encodeCanonical({ ...good, producer: 'root' }))).toThrow(expect.objectContaining({ code: 'BUS_MESSAGE_INVALID' }));
    const bytes = encodeMessage(good);
    expect(() => decodeMessage(new Uint8Array([...bytes, 0]))).toThrow(expect.objectContaining({ code: 'CBOR_TRAILING_BYTES' }));
  });
  it('refuses bytes over the cap before parsing', () => {
    expect(() => decodeMessage(new Uint8Array(2 * 1024 * 1024))).toThrow(expect.objectContaining({ code: 'CBOR_TOO_LARGE' }));
  });
});
