/**
 * Commit messages with trailers (SPEC-DIGEST §2 [R] commit layout): a one-line subject, a blank
 * line, then `Key: value` lines, e.g. `Event-CID`, `Sig-Alg`, `Signer`, `Sig`.
 * Messages read back from a repository are attacker-controlled: `parseMessage` accepts only the
 * exact layout `formatMessage` writes for the trailer block, and `trailerValue` treats keys
 * case-insensitively (as git does) so a second `event-cid:` cannot hide behind `Event-CID:`.
 */
import { coreError } from './coreError.js';

export type Trailer = [key: string, value: string];

export interface ParsedMessage {
  subject: string;
  /** Text between the subject and the trailer block, without surrounding blank lines. */
  body: string;
  trailers: Trailer[];
}

const KEY = /^[A-Za-z][A-Za-z0-9-]*$/;
const CONTROL = /[\x00-\x1f\x7f]/;
const TRAILER_LINE = /^([A-Za-z][A-Za-z0-9-]*): ([^\x00-\x1f\x7f\s](?:[^\x00-\x1f\x7f]*[^\x00-\x1f\x7f\s])?)$/;
const MAX_MESSAGE = 1024 * 1024;

function isCleanLine(text: string): boolean {
  return text.length > 0 && !CONTROL.test(text) && text.trim() === text;
}

/**
 * `subject\n\nKey: value\n…` (or `subject\n` without trailers). The subject and every value are
 * single lines without surrounding whitespace; keys match `^[A-Za-z][A-Za-z0-9-]*$`. Throws `BAD_TRAILER`.
 * @example formatMessage('demo.hello', [['Event-CID', cid], ['Sig-Alg', 'ed25519']])
 */
export function formatMessage(subject: string, trailers: ReadonlyArray<readonly [string, string]>): string {
  if (typeof subject !== 'string' || !isCleanLine(subject)) {
    throw coreError('BAD_TRAILER', 'a commit subject is one non-empty line without control characters or surrounding spaces', {
      data: { subject: String(subject).slice(0, 120) },
    });
  }
  const lines = trailers.map(([key, value]) => {
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw coreError('BAD_TRAILER', `trailer key ${JSON.stringify(String(key).slice(0, 64))} must match ^[A-Za-z][A-Za-z0-9-]*$ (e.g. Event-CID)`, {
        data: { key: String(key).slice(0, 64) },
      });
    }
    if (typeof value !== 'string' || !isCleanLine(value)) {
      throw coreError('BAD_TRAILER', `trailer ${key} needs a non-empty one-line value without surrounding spaces`, { data: { key } });
    }
    return `${key}: ${value}`;
  });
  return lines.length === 0 ? `${subject}\n` : `${subject}\n\n${lines.join('\n')}\n`;
}

/**
 * Splits a commit message into subject, body and trailers. The trailer block is the last
 * paragraph, and only if every one of its lines is `Key: value`; otherwise there are no trailers.
 * Throws `BAD_MESSAGE` for messages over 1 MiB or holding NUL or CR.
 * @example parseMessage('demo.hello\n\nSig-Alg: ed25519\n').trailers // [['Sig-Alg', 'ed25519']]
 */
export function parseMessage(text: string): ParsedMessage {
  if (typeof text !== 'string' || text.length > MAX_MESSAGE) {
    throw coreError('BAD_MESSAGE', `commit message is not a string of at most ${MAX_MESSAGE} characters`, {
      data: { length: typeof text === 'string' ? text.length : null },
    });
  }
  const bad = text.search(/[\0\r]/);
  if (bad >= 0) {
    throw coreError('BAD_MESSAGE', `commit message holds a ${text[bad] === '\0' ? 'NUL' : 'carriage return'} character`, {
      data: { offset: bad },
    });
  }
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const subject = lines[0] ?? '';
  const rest = lines.slice(1);
  const lastBlank = rest.lastIndexOf('');
  const block = lastBlank >= 0 ? rest.slice(lastBlank + 1) : [];
  const matches = block.map((line) => TRAILER_LINE.exec(line));
  let trailers: Trailer[] = [];
  let bodyLines = rest;
  if (block.length > 0 && matches.every((m) => m !== null)) {
    trailers = matches.map((m) => [m![1]!, m![2]!]);
    bodyLines = rest.slice(0, lastBlank);
  }
  let start = 0;
  let end = bodyLines.length;
  while (start < end && bodyLines[start]!.trim() === '') start++;
  while (end > start && bodyLines[end - 1]!.trim() === '') end--;
  return { subject, body: bodyLines.slice(start, end).join('\n'), trailers };
}

/**
 * The value of the one trailer named `key` (compared case-insensitively). Throws
 * `TRAILER_MISSING` when absent and `TRAILER_DUPLICATE` when given more than once.
 * @example trailerValue(parseMessage(message).trailers, 'Event-CID')
 */
export function trailerValue(trailers: ReadonlyArray<readonly [string, string]>, key: string): string {
  const wanted = key.toLowerCase();
  const found = trailers.filter(([name]) => name.toLowerCase() === wanted);
  if (found.length === 0) {
    throw coreError('TRAILER_MISSING', `commit message has no ${key} trailer`, { data: { key } });
  }
  if (found.length > 1) {
    throw coreError('TRAILER_DUPLICATE', `commit message has ${found.length} ${key} trailers; exactly one is allowed`, {
      data: { key, count: found.length },
    });
  }
  return found[0]![1];
}
