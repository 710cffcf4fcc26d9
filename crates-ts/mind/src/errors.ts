/**
 * Error codes of the message bus. Input problems (bad topic, bad offset, unknown ULID to ack) are
 * usage errors (exit 2); problems found in data read from the repository, and a commitment whose ack quorum is not met,
 * are failed checks (exit 1).
 */
import { GatosError, type ErrorData, type ExitClass } from '@gatos/core';

export type BusErrorCode =
  | 'BUS_BAD_TOPIC'
  | 'BUS_BAD_CONSUMER'
  | 'BUS_BAD_OFFSET'
  | 'BUS_BAD_DURATION'
  | 'BUS_BAD_PAYLOAD'
  | 'BUS_BAD_OPTION'
  | 'BUS_MESSAGE_TOO_LARGE'
  | 'BUS_FUTURE_MESSAGE'
  | 'BUS_ULID_CONFLICT'
  | 'BUS_NO_POLICY'
  | 'BUS_SIGNER_NOT_TRUSTED'
  | 'BUS_CONTENDED'
  | 'BUS_HEAD_INVALID'
  | 'BUS_MESSAGE_INVALID'
  | 'BUS_SUMMARY_INVALID'
  | 'BUS_ACK_INVALID'
  | 'BUS_ACK_UNKNOWN_MESSAGE'
  | 'BUS_PRUNE_UNVERIFIED'
  | 'BUS_COMMIT_INVALID'
  | 'BUS_COMMIT_QUORUM';

const EXIT: Readonly<Record<BusErrorCode, ExitClass>> = {
  BUS_BAD_TOPIC: 'usage',
  BUS_BAD_CONSUMER: 'usage',
  BUS_BAD_OFFSET: 'usage',
  BUS_BAD_DURATION: 'usage',
  BUS_BAD_PAYLOAD: 'usage',
  BUS_BAD_OPTION: 'usage',
  BUS_MESSAGE_TOO_LARGE: 'usage',
  BUS_FUTURE_MESSAGE: 'usage',
  BUS_ULID_CONFLICT: 'usage',
  BUS_NO_POLICY: 'usage',
  BUS_SIGNER_NOT_TRUSTED: 'usage',
  BUS_CONTENDED: 'check',
  BUS_HEAD_INVALID: 'check',
  BUS_MESSAGE_INVALID: 'check',
  BUS_SUMMARY_INVALID: 'check',
  BUS_ACK_INVALID: 'check',
  BUS_ACK_UNKNOWN_MESSAGE: 'usage',
  BUS_PRUNE_UNVERIFIED: 'check',
  BUS_COMMIT_INVALID: 'check',
  BUS_COMMIT_QUORUM: 'check',
};

/** A bus error whose exit class follows the table above unless overridden. */
export function busError(
  code: BusErrorCode,
  message: string,
  options: { data?: ErrorData; cause?: unknown; exitClass?: ExitClass } = {},
): GatosError<BusErrorCode> {
  return new GatosError(code, message, { ...options, exitClass: options.exitClass ?? EXIT[code] });
}
