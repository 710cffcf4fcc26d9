/**
 * Walks the canonical JSON text of a state without building it: the entries of an object are yielded
 * as (key, value span) one at a time, so an exporter can parse one row at a time instead of the whole
 * state (a 1,000,000-row state is ~70 MB of text but over 1 GB as JS objects). The walker checks what
 * it relies on: well-formed nesting and strings, and object keys in strictly increasing order (JCS
 * order, hence no duplicates), so a hostile state file cannot make two walks disagree.
 */
import { GatosError } from '@gatos/core';

/** One member of an object: its key and where its value's text starts and ends (exclusive). */
export interface JsonMember {
  readonly key: string;
  readonly start: number;
  readonly end: number;
}

function bad(what: string, at: number): GatosError {
  return new GatosError('EXPORT_STATE_INVALID', `the state file is not canonical JSON: ${what} at offset ${at}`, { data: { offset: at }, exitClass: 'check' });
}

/** Index just past the string starting at `i` (a `"`). */
function skipString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x5c) j++; // backslash: the next character is escaped
    else if (c === 0x22) return j + 1;
  }
  throw bad('unterminated string', i);
}

/** Index just past the JSON value starting at `i`. */
export function skipValue(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return skipString(text, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text[j];
      if (d === '"') j = skipString(text, j) - 1;
      else if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    throw bad('unbalanced brackets', i);
  }
  let j = i;
  while (j < text.length && !',]}'.includes(text[j]!)) j++;
  if (j === i) throw bad('missing value', i);
  return j;
}

/** The members of the object whose `{` is at `start`, in text order (which must be JCS key order). */
export function* objectMembers(text: string, start: number): Generator<JsonMember> {
  if (text[start] !== '{') throw bad('expected an object', start);
  let i = start + 1;
  if (text[i] === '}') return;
  let previous: string | null = null;
  for (;;) {
    if (text[i] !== '"') throw bad('expected a key', i);
    const keyEnd = skipString(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    if (previous !== null && !(previous < key)) throw bad(`key ${JSON.stringify(key)} out of order`, i);
    previous = key;
    if (text[keyEnd] !== ':') throw bad('expected ":"', keyEnd);
    const valueStart = keyEnd + 1;
    const valueEnd = skipValue(text, valueStart);
    yield { key, start: valueStart, end: valueEnd };
    if (text[valueEnd] === '}') return;
    if (text[valueEnd] !== ',') throw bad('expected "," or "}"', valueEnd);
    i = valueEnd + 1;
  }
}

/** Parses one value span. */
export function parseSpan(text: string, span: { start: number; end: number }): unknown {
  try {
    return JSON.parse(text.slice(span.start, span.end));
  } catch {
    throw bad('malformed value', span.start);
  }
}
