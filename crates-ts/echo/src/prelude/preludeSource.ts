/**
 * The one script evaluated in every fresh context before guest code: it builds the driver (capturing
 * the intrinsics it needs), then locks the global environment down. Its completion value is
 * `function (poison) → driver`, called once by the host.
 */
import { DRIVER_SOURCE } from './driverSource.js';
import { HELPERS_SOURCE } from './helpersSource.js';
import { LOCKDOWN_SOURCE } from './lockdownSource.js';

export const PRELUDE_SOURCE = `(function (poison) {
  'use strict';
  const driver = (${DRIVER_SOURCE})(poison);
  (${LOCKDOWN_SOURCE})(globalThis, (${HELPERS_SOURCE})(), poison);
  return driver;
})`;
