/** Event types (SPEC-DIGEST §2), e.g. `event.append`, `jobs.enqueue`: `^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$`. */
import { coreError } from './coreError.js';

const EVENT_TYPE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * Throws `BAD_EVENT_TYPE` unless `type` is a valid event type (it is also the commit subject).
 * @example assertEventType('demo.hello') // ok
 */
export function assertEventType(type: string): void {
  if (typeof type !== 'string' || !EVENT_TYPE.test(type)) {
    throw coreError('BAD_EVENT_TYPE', `event type ${JSON.stringify(String(type).slice(0, 140))} must be 1-128 characters of letters, digits, ".", "_", ":", "-", starting with a letter or digit (e.g. "jobs.enqueue")`, {
      data: { type: String(type).slice(0, 140) },
    });
  }
}
