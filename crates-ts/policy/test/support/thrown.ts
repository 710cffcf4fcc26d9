import { isGatosError } from '@gatos/core';

/** The `code` and message of the GatosError `fn` throws (anything else, or no throw, fails the test). */
export function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (isGatosError(err)) return `${err.code} ${err.message}`;
    throw err;
  }
  throw new Error('expected a throw');
}
