import { busError } from './errors.js';

const UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const SHORT = /^(0|[1-9][0-9]{0,9})([smhdw]?)$/;
const ISO = /^P(?:(\d{1,6})W)?(?:(\d{1,6})D)?(?:T(?:(\d{1,6})H)?(?:(\d{1,8})M)?(?:(\d{1,10})S)?)?$/;

/**
 * A duration in milliseconds from integer seconds (`3600`), a number with a unit (`90s`, `15m`, `12h`,
 * `30d`, `2w`) or ISO-8601 without years and months (`P30D`, `PT12H`, `P1DT6H`), as SPEC-DIGEST §0 allows.
 * Throws `BUS_BAD_DURATION`.
 * @example parseDuration('30d') // 2592000000
 */
export function parseDuration(text: string): number {
  const short = SHORT.exec(text);
  if (short) return Number(short[1]) * UNITS[short[2] || 's']! * 1000;
  const iso = ISO.exec(text);
  if (iso && text !== 'P' && !text.endsWith('T')) {
    const [, w, d, h, m, s] = iso.map((v) => Number(v ?? 0));
    return ((w! * 7 + d!) * 86400 + h! * 3600 + m! * 60 + s!) * 1000;
  }
  throw busError('BUS_BAD_DURATION', `duration ${JSON.stringify(String(text).slice(0, 40))} is not seconds, <n>s|m|h|d|w or ISO-8601 (e.g. 30d, PT12H)`, {
    data: { duration: String(text).slice(0, 40) },
  });
}
