import { describe, expect, it } from 'vitest';
import { assertUlid, compareUlid, newUlid, ulidTime } from '../src/index.js';
import { expectCode } from './support/vectors.js';

describe('ULIDs', () => {
  it('reads the time of the reference ULID', () => {
    expect(ulidTime('01ARYZ6S41TSV4RRFFQ69G5FAV')).toBe(1469918176385); // the ulid spec's example
    expect(ulidTime('01ARZ3NDEKTSV4RRFFQ69G5FAV')).toBe(1469922850259);
    expect(ulidTime('7ZZZZZZZZZZZZZZZZZZZZZZZZZ')).toBe(2 ** 48 - 1);
  });

  it('makes ULIDs whose time round-trips', () => {
    const ulid = newUlid(1_700_000_000_123);
    assertUlid(ulid);
    expect(ulidTime(ulid)).toBe(1_700_000_000_123);
    expect(newUlid(1_700_000_000_123)).not.toBe(ulid);
  });

  it('increments "after" when the clock has not moved past it, and stays strictly increasing', () => {
    const first = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
    expect(newUlid(1469922850259, first)).toBe('01ARZ3NDEKTSV4RRFFQ69G5FAW');
    expect(newUlid(1000, '01ARZ3NDEKTSV4RRFFQ69G5FAZ')).toBe('01ARZ3NDEKTSV4RRFFQ69G5FB0');
    let previous = first;
    for (let i = 0; i < 100; i++) {
      const next = newUlid(1469922850259, previous);
      expect(compareUlid(previous, next)).toBe(-1);
      previous = next;
    }
    const later = newUlid(1469922850260, previous);
    expect(ulidTime(later)).toBe(1469922850260);
  });

  it('throws ULID_OVERFLOW when the random part is exhausted', () => {
    expectCode(() => newUlid(0, '0000000000ZZZZZZZZZZZZZZZZ'), 'ULID_OVERFLOW');
  });

  it.each(['', '01arz3ndektsv4rrffq69g5fav', '8ZZZZZZZZZZZZZZZZZZZZZZZZZ', '01ARZ3NDEKTSV4RRFFQ69G5FA', '01ARZ3NDEKTSV4RRFFQ69G5FAU', '01ARZ3NDEKTSV4RRFFQ69G5FAVX'])(
    'rejects %j',
    (text) => {
      expectCode(() => assertUlid(text), 'BAD_ULID');
    },
  );

  it('rejects times outside 48 bits', () => {
    expectCode(() => newUlid(-1), 'BAD_ULID');
    expectCode(() => newUlid(2 ** 48), 'BAD_ULID');
    expectCode(() => newUlid(1.5), 'BAD_ULID');
  });

  it('orders by time then randomness', () => {
    expect(compareUlid('01ARZ3NDEKTSV4RRFFQ69G5FAV', '01ARZ3NDEKTSV4RRFFQ69G5FAV')).toBe(0);
    expect(compareUlid('01B00000000000000000000000', '01AZZZZZZZZZZZZZZZZZZZZZZZ')).toBe(1);
  });
});
