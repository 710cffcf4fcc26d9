import { describe, expect, it } from 'vitest';
import { formatMessage, GatosError, parseMessage, trailerValue } from '../src/index.js';
import { below, seededRandom } from './support/prng.js';
import { expectCode } from './support/vectors.js';

const CID = 'bafyr4ierlccsl2tykpoggzeke4badjs3xd27fmaddlq3dthzxh5wsgwlsm';

describe('formatMessage', () => {
  it('writes subject, blank line and trailers', () => {
    const text = formatMessage('demo.hello', [
      ['Event-CID', CID],
      ['Sig-Alg', 'ed25519'],
    ]);
    expect(text).toBe(`demo.hello\n\nEvent-CID: ${CID}\nSig-Alg: ed25519\n`);
    expect(formatMessage('x', [])).toBe('x\n');
  });

  it.each([
    ['two\nlines', []],
    ['', []],
    [' padded', []],
    ['ok', [['Bad Key', 'v']]],
    ['ok', [['1Key', 'v']]],
    ['ok', [['Key', 'multi\nline']]],
    ['ok', [['Key', '']]],
    ['ok', [['Key', 'trailing ']]],
  ] as Array<[string, Array<[string, string]>]>)('refuses subject %j / trailers %j', (subject, trailers) => {
    expectCode(() => formatMessage(subject, trailers), 'BAD_TRAILER');
  });
});

describe('parseMessage', () => {
  it('round-trips formatMessage', () => {
    const trailers: Array<[string, string]> = [
      ['Event-CID', CID],
      ['Signer', 'ed25519:00'],
    ];
    expect(parseMessage(formatMessage('demo.hello', trailers))).toEqual({ subject: 'demo.hello', body: '', trailers });
  });

  it('keeps a body and finds trailers only in the last paragraph', () => {
    const parsed = parseMessage('subject\n\nbody line\nKey: not a trailer here\n\nA: 1\nB: 2\n');
    expect(parsed.body).toBe('body line\nKey: not a trailer here');
    expect(parsed.trailers).toEqual([
      ['A', '1'],
      ['B', '2'],
    ]);
  });

  it('treats a last paragraph with any non-trailer line as body', () => {
    const parsed = parseMessage('subject\n\nA: 1\nnot a trailer\n');
    expect(parsed.trailers).toEqual([]);
    expect(parsed.body).toBe('A: 1\nnot a trailer');
    expect(parseMessage('Key: value\n').trailers).toEqual([]);
    expect(parseMessage('s\n\nKey:  two spaces\n').trailers).toEqual([]);
  });

  it('refuses NUL and carriage returns', () => {
    expectCode(() => parseMessage('s\n\nSig: a\r\n'), 'BAD_MESSAGE', { offset: 9 });
    expectCode(() => parseMessage('s\0'), 'BAD_MESSAGE');
  });

  it('never throws anything but a GatosError on random input (seeded fuzz)', () => {
    const random = seededRandom(99);
    const pieces = ['\n', '\n\n', ': ', 'Key', 'Event-CID', ' ', 'x', '\r', '\0', 'é', '-', 'A: b', '\t'];
    for (let i = 0; i < 2000; i++) {
      let text = '';
      for (let n = below(random, 20); n > 0; n--) text += pieces[below(random, pieces.length)];
      try {
        const parsed = parseMessage(text);
        for (const [key, value] of parsed.trailers) {
          expect(key).toMatch(/^[A-Za-z][A-Za-z0-9-]*$/);
          expect(value).not.toMatch(/[\n\r]/);
        }
      } catch (err) {
        expect(err).toBeInstanceOf(GatosError);
      }
    }
  });
});

describe('trailerValue', () => {
  const trailers: Array<[string, string]> = [
    ['Event-CID', CID],
    ['Sig', 'a'],
    ['sig', 'b'],
  ];
  it('returns the single value, matching keys case-insensitively', () => {
    expect(trailerValue(trailers, 'event-cid')).toBe(CID);
  });
  it('refuses duplicates, including ones that differ only in case', () => {
    expectCode(() => trailerValue(trailers, 'Sig'), 'TRAILER_DUPLICATE', { key: 'Sig', count: 2 });
  });
  it('reports a missing trailer', () => {
    expectCode(() => trailerValue(trailers, 'Signer'), 'TRAILER_MISSING', { key: 'Signer' });
  });
});
