/**
 * Commit object codec (git's commit format: `tree`, `parent`*, `author`, `committer`, optional
 * extra headers, a blank line, then the message).
 *
 * Commits come from other people's pushes: decoding is attacker-controlled input, so it is
 * strict about the headers gatos relies on and only tolerates the extra headers git itself writes.
 */
import { GatosError } from './errors.js';
import { isOid } from './gitObjectTypes.js';
import type { CommitData, DecodedCommit, GitIdent, GitObjectErrorCode } from './gitObjectTypes.js';

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const TZ_RE = /^[+-][0-9]{4}$/;
// name and email may not contain the characters that delimit them, nor newlines or NUL.
const IDENT_RE = /^([^<>\n\0]*) <([^<>\n\0]*)> ([0-9]{1,15}) ([+-][0-9]{4})$/;
const FORBIDDEN_IDENT_CHARS = /[<>\n\0]/;
const HEADER_NAME_RE = /^[a-z][a-z0-9-]*$/;

function bad(code: GitObjectErrorCode, message: string, data: Record<string, string | number>): GatosError<GitObjectErrorCode> {
  return new GatosError(code, message, { data, exitClass: 'check' });
}

function encodeIdent(role: string, id: GitIdent): string {
  if (FORBIDDEN_IDENT_CHARS.test(id.name) || FORBIDDEN_IDENT_CHARS.test(id.email)) {
    throw bad('GIT_BAD_IDENT', `${role} name/email must not contain '<', '>', newline or NUL`, { role });
  }
  if (!Number.isSafeInteger(id.timestamp) || id.timestamp < 0) {
    throw bad('GIT_BAD_IDENT', `${role} timestamp must be a non-negative integer of seconds`, { role, timestamp: id.timestamp });
  }
  if (!TZ_RE.test(id.tzOffset)) {
    throw bad('GIT_BAD_IDENT', `${role} tzOffset must look like +0000 or -0730`, { role, tzOffset: id.tzOffset });
  }
  return `${id.name} <${id.email}> ${id.timestamp} ${id.tzOffset}`;
}

/**
 * Serialises a commit body exactly as `git commit-tree` would for the same inputs.
 *
 * @example
 * const body = encodeCommit({ tree, parents: [], author: me, committer: me, message: 'event\n' });
 * const oid = hashObject('commit', body);
 */
export function encodeCommit(c: CommitData): Uint8Array {
  for (const oid of [c.tree, ...c.parents]) {
    if (!isOid(oid)) throw bad('GIT_BAD_COMMIT', `not a full lowercase object id: ${JSON.stringify(oid)}`, { oid });
  }
  let head = `tree ${c.tree}\n`;
  for (const p of c.parents) head += `parent ${p}\n`;
  head += `author ${encodeIdent('author', c.author)}\n`;
  head += `committer ${encodeIdent('committer', c.committer)}\n\n`;
  return utf8.encode(head + c.message);
}

function decodeIdent(role: string, value: string, line: number): GitIdent {
  const m = IDENT_RE.exec(value);
  if (m === null) throw bad('GIT_BAD_COMMIT', `malformed ${role} header on line ${line}`, { header: role, line });
  const timestamp = Number(m[3]);
  if (!Number.isSafeInteger(timestamp)) throw bad('GIT_BAD_COMMIT', `${role} timestamp out of range`, { header: role, line });
  return { name: m[1] ?? '', email: m[2] ?? '', timestamp, tzOffset: m[4] ?? '' };
}

/**
 * Parses a commit body. Rejects with `GIT_BAD_COMMIT` (data: header, line) when the required
 * headers are missing, out of order, duplicated or malformed, or when the commit is not UTF-8.
 * Headers after `committer` (gpgsig, mergetag, encoding, ...) are skipped; their names are
 * reported in `extraHeaders`.
 */
export function decodeCommit(body: Uint8Array): DecodedCommit {
  let text: string;
  try {
    text = strictUtf8.decode(body);
  } catch (cause) {
    throw new GatosError('GIT_BAD_COMMIT', 'commit is not valid UTF-8 (gatos reads UTF-8 commits only)', { cause, exitClass: 'check' });
  }
  const sep = text.indexOf('\n\n');
  if (sep < 0) throw bad('GIT_BAD_COMMIT', 'commit has no blank line between headers and message', {});
  const lines = text.slice(0, sep).split('\n');
  const message = text.slice(sep + 2);

  let i = 0;
  const take = (name: string): string | undefined => {
    const line = lines[i];
    if (line === undefined || !line.startsWith(`${name} `)) return undefined;
    i++;
    return line.slice(name.length + 1);
  };
  const tree = take('tree');
  if (tree === undefined || !isOid(tree)) throw bad('GIT_BAD_COMMIT', 'first header must be "tree <oid>"', { header: 'tree', line: 1 });
  const parents: string[] = [];
  for (let p = take('parent'); p !== undefined; p = take('parent')) {
    if (!isOid(p)) throw bad('GIT_BAD_COMMIT', `malformed parent header on line ${i}`, { header: 'parent', line: i });
    parents.push(p);
  }
  const authorValue = take('author');
  if (authorValue === undefined) throw bad('GIT_BAD_COMMIT', `expected author header on line ${i + 1}`, { header: 'author', line: i + 1 });
  const author = decodeIdent('author', authorValue, i);
  const committerValue = take('committer');
  if (committerValue === undefined) throw bad('GIT_BAD_COMMIT', `expected committer header on line ${i + 1}`, { header: 'committer', line: i + 1 });
  const committer = decodeIdent('committer', committerValue, i);

  const extraHeaders: string[] = [];
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith(' ') && extraHeaders.length > 0) continue; // continuation of a multi-line header (gpgsig)
    const space = line.indexOf(' ');
    const name = space < 0 ? line : line.slice(0, space);
    if (!HEADER_NAME_RE.test(name) || ['tree', 'parent', 'author', 'committer'].includes(name)) {
      throw bad('GIT_BAD_COMMIT', `unexpected header on line ${i + 1}`, { header: name.slice(0, 40), line: i + 1 });
    }
    extraHeaders.push(name);
  }
  return { tree, parents, author, committer, message, extraHeaders };
}
