import { describe, expect, it } from 'vitest';
import { assertTimestamp, formatTimestamp, timestampToSeconds } from '../src/index.js';
import { expectCode } from './support/vectors.js';

describe('timestamps', () => {
  it('converts both ways', () => {
    expect(timestampToSeconds('1970-01-01T00:00:00Z')).toBe(0);
    expect(timestampToSeconds('2025-12-01T00:00:00Z')).toBe(1764547200);
    expect(formatTimestamp(1764547200)).toBe('2025-12-01T00:00:00Z');
    expect(formatTimestamp(-1)).toBe('1969-12-31T23:59:59Z');
    expect(formatTimestamp(timestampToSeconds('0001-01-01T00:00:00Z'))).toBe('0001-01-01T00:00:00Z');
    assertTimestamp('2024-02-29T23:59:59Z');
    assertTimestamp('9999-12-31T23:59:59Z');
  });

  it.each([
    '2023-02-29T00:00:00Z',
    '2025-13-01T00:00:00Z',
    '2025-04-31T00:00:00Z',
    '2025-01-01T24:00:00Z',
    '2025-01-01T00:60:00Z',
    '2016-12-31T23:59:60Z',
    '2025-01-01T00:00:00.000Z',
    '2025-01-01T00:00:00+00:00',
    '2025-01-01t00:00:00z',
    '2025-01-01 00:00:00Z',
    '25-01-01T00:00:00Z',
    '',
  ])('rejects %j', (text) => {
    expectCode(() => assertTimestamp(text), 'BAD_TIMESTAMP');
  });

  it('formats only whole seconds within years 0000-9999', () => {
    expectCode(() => formatTimestamp(1.5), 'BAD_TIMESTAMP');
    expectCode(() => formatTimestamp(253402300800), 'BAD_TIMESTAMP');
    expectCode(() => formatTimestamp(Number.NaN), 'BAD_TIMESTAMP');
  });
});
