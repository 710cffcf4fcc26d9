import { govError } from './errors.js';

const ISO = /^P(?:(?:\d+[YMWD])+(?:T(?:\d+H|\d+M|\d+(?:\.\d+)?S)+)?|T(?:\d+H|\d+M|\d+(?:\.\d+)?S)+)$/;
const PART = /(\d+(?:\.\d+)?)([YMWDHS])/g;
const SECONDS: Readonly<Record<string, number>> = { W: 604800, D: 86400, H: 3600, S: 1 };

/**
 * A duration in whole seconds: integer seconds (`3600`, as a number or text) or ISO-8601 matching the
 * SPEC-DIGEST §13 regex (`PT72H`, `P3D`, `P1DT6H`). Years, months and fractional seconds are refused:
 * they have no single length in seconds, and expiry times are hashed into proposal ids.
 * Throws `GOV_BAD_DURATION`.
 * @example parseDuration('PT72H') // 259200
 */
export function parseDuration(value: unknown): number {
  const fail = (why: string): never => {
    throw govError('GOV_BAD_DURATION', `duration ${JSON.stringify(value ?? null).slice(0, 40)} ${why} (use seconds or ISO-8601, e.g. 3600 or PT72H)`, {
      duration: String(value).slice(0, 40),
    });
  };
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : fail('is not a positive whole number of seconds');
  if (typeof value !== 'string') return fail('is not a duration');
  if (/^[1-9]\d{0,9}$/.test(value)) return Number(value);
  if (!ISO.test(value)) return fail('is not ISO-8601');
  const [date, time = ''] = value.slice(1).split('T') as [string, string?];
  if (/[YM]/.test(date)) return fail('uses years or months, which have no fixed length');
  if (time.includes('.')) return fail('has fractional seconds');
  let total = 0;
  for (const [, n, unit] of date.matchAll(PART)) total += Number(n) * SECONDS[unit!]!;
  for (const [, n, unit] of time.matchAll(PART)) total += Number(n) * (unit === 'M' ? 60 : SECONDS[unit!]!);
  return total > 0 ? total : fail('is zero');
}
