/**
 * Event timestamps (SPEC-DIGEST §0, I33): RFC 3339 UTC with whole seconds, `YYYY-MM-DDTHH:MM:SSZ`.
 * One spelling per instant, so a `ts` can be hashed and compared as text. Leap seconds (`:60`)
 * are refused because they have no POSIX-seconds value.
 */
import { coreError } from './coreError.js';

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

function invalid(text: unknown, why: string): never {
  throw coreError('BAD_TIMESTAMP', `timestamp ${JSON.stringify(String(text).slice(0, 40))} ${why} (expected YYYY-MM-DDTHH:MM:SSZ, e.g. 2025-12-01T00:00:00Z)`, {
    data: { timestamp: String(text).slice(0, 40) },
  });
}

/** Seconds since the Unix epoch of a valid timestamp; throws `BAD_TIMESTAMP`. */
export function timestampToSeconds(text: string): number {
  const match = typeof text === 'string' ? TIMESTAMP.exec(text) : null;
  if (match === null) return invalid(text, 'is not RFC 3339 UTC with whole seconds');
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  // Date rolls invalid fields over (Feb 30 → Mar 2); a changed field means the input was not a real time.
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    date.getUTCHours() !== hour ||
    date.getUTCMinutes() !== minute ||
    date.getUTCSeconds() !== second
  ) {
    return invalid(text, 'is not a valid calendar date and time');
  }
  return date.getTime() / 1000;
}

/**
 * Throws `BAD_TIMESTAMP` unless `text` is `YYYY-MM-DDTHH:MM:SSZ` naming a real UTC time.
 * @example assertTimestamp('2024-02-29T23:59:59Z') // ok; '2023-02-29T00:00:00Z' throws
 */
export function assertTimestamp(text: string): void {
  timestampToSeconds(text);
}

/**
 * The timestamp text of whole `seconds` since the Unix epoch (years 0000-9999).
 * @example formatTimestamp(0) // '1970-01-01T00:00:00Z'
 */
export function formatTimestamp(seconds: number): string {
  const date = new Date(seconds * 1000);
  const year = Number.isInteger(seconds) ? date.getUTCFullYear() : NaN;
  if (!(year >= 0 && year <= 9999)) {
    throw coreError('BAD_TIMESTAMP', `${seconds} is not a whole number of seconds within years 0000-9999`, {
      data: { seconds: String(seconds) },
    });
  }
  return `${date.toISOString().slice(0, 19)}Z`;
}
