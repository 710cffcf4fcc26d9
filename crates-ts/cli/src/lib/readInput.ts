import { readFileSync } from 'node:fs';
import { GatosError, type CborValue } from '@gatos/core';

/** Reads `<json>`, `@file` or `-` (stdin) as text. */
export function readTextArg(value: string, what: string): string {
  if (value === '-') return readFileSync(0, 'utf8');
  if (value.startsWith('@')) {
    try {
      return readFileSync(value.slice(1), 'utf8');
    } catch (err) {
      throw new GatosError('INPUT_UNREADABLE', `cannot read ${what} file ${value.slice(1)}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, {
        data: { path: value.slice(1) },
      });
    }
  }
  return value;
}

/**
 * Parses JSON for an event payload. gatos events carry integers only (no floats) and JSON numbers
 * beyond ±(2^53−1) would be silently rounded, so both are refused here with the path of the value.
 */
export function parseJsonObject(text: string, where: string): { [key: string]: CborValue } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new GatosError('INPUT_BAD_JSON', `${where} is not valid JSON: ${(err as Error).message}`, { data: { where } });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GatosError('INPUT_BAD_JSON', `${where} must be a JSON object`, { data: { where } });
  }
  checkNumbers(value, where);
  return value as { [key: string]: CborValue };
}

function checkNumbers(value: unknown, path: string): void {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) {
      throw new GatosError('INPUT_NOT_INTEGER', `${path} = ${value} is not an integer (gatos events carry integers only: use minor units or a string)`, { data: { path } });
    }
    if (!Number.isSafeInteger(value)) {
      throw new GatosError('INPUT_UNSAFE_INTEGER', `${path} = ${value} is beyond ±(2^53−1) and would lose precision in JSON: pass it as a string`, { data: { path } });
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => checkNumbers(v, `${path}[${i}]`));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) checkNumbers(v, `${path}.${k}`);
  }
}
