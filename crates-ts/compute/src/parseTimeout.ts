/**
 * Job timeouts (SPEC-DIGEST §7, I34): integer seconds in the canonical manifest. Authors may write
 * `30`, `30s`, `5m`, `1h` or an ISO 8601 duration (`PT30S`, `PT1H30M`); fractions are refused so one
 * manifest has one id. Calendar units (Y, M, W, D before `T`) are refused: their length in seconds varies.
 */
import { jobError } from './errors.js';

const SHORT = /^(\d+)([smh]?)$/;
const ISO = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/;
const UNIT: Readonly<Record<string, number>> = { '': 1, s: 1, m: 60, h: 3600 };

/**
 * Whole seconds of a manifest `timeout`; throws `JOB_BAD_TIMEOUT`.
 * @example parseTimeout('30s') // 30; parseTimeout('PT30S') // 30; parseTimeout(30) // 30
 */
export function parseTimeout(value: unknown): number {
  let seconds: number | null = null;
  if (typeof value === 'number') seconds = value;
  else if (typeof value === 'string') {
    const short = SHORT.exec(value);
    const iso = short ? null : ISO.exec(value);
    if (short) seconds = Number(short[1]) * UNIT[short[2]!]!;
    else if (iso && value !== 'PT') seconds = Number(iso[1] ?? 0) * 3600 + Number(iso[2] ?? 0) * 60 + Number(iso[3] ?? 0);
  }
  if (seconds === null || !Number.isSafeInteger(seconds) || seconds < 1) {
    throw jobError('JOB_BAD_TIMEOUT', `timeout ${JSON.stringify(value)} is not a whole number of seconds ≥ 1 (write 30, "30s", "5m", "1h" or "PT30S"; fractions are refused)`, {
      data: { timeout: String(value).slice(0, 40) },
    });
  }
  return seconds;
}
