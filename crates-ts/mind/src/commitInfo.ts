/**
 * Decodes a bus commit read from the repository (attacker-controlled): subject, parents, tree,
 * author and trailers. Malformed commits come back as a `BUS_*` error value instead of a throw, so
 * readers can report every broken commit rather than stop at the first.
 */
import { GatosError, decodeCommit, isGatosError, parseMessage, type DecodedCommit, type Oid, type RawObject } from '@gatos/core';
import { busError } from './errors.js';

export interface CommitInfo {
  readonly commit: Oid;
  readonly data: DecodedCommit;
  readonly subject: string;
  /** Every trailer value by key (keys compared case-sensitively, as written by gatos). */
  readonly trailers: ReadonlyMap<string, readonly string[]>;
}

/** Parses a raw object as a bus commit, or returns the error describing why it is not one. */
export function commitInfo(commit: Oid, raw: RawObject): CommitInfo | GatosError {
  try {
    if (raw.type !== 'commit') throw busError('BUS_MESSAGE_INVALID', `${commit} is a ${raw.type}, not a commit`, { data: { commit } });
    const data = decodeCommit(raw.body);
    const message = parseMessage(data.message);
    const trailers = new Map<string, string[]>();
    for (const [k, v] of message.trailers) trailers.set(k, [...(trailers.get(k) ?? []), v]);
    return { commit, data, subject: message.subject, trailers };
  } catch (err) {
    return isGatosError(err) ? err : busError('BUS_MESSAGE_INVALID', `commit ${commit}: ${String(err)}`, { data: { commit } });
  }
}

/** The single value of trailer `key`, or null when it is absent or repeated. */
export function trailer(info: CommitInfo, key: string): string | null {
  const values = info.trailers.get(key) ?? [];
  return values.length === 1 ? values[0]! : null;
}

/** Like `trailer`, but throws `code` naming the commit when the trailer is absent or repeated. */
export function requireTrailer(info: CommitInfo, key: string, code: 'BUS_MESSAGE_INVALID' | 'BUS_SUMMARY_INVALID' | 'BUS_ACK_INVALID' | 'BUS_HEAD_INVALID'): string {
  const value = trailer(info, key);
  if (value === null) {
    const n = info.trailers.get(key)?.length ?? 0;
    throw busError(code, `commit ${info.commit} has ${n === 0 ? 'no' : n} ${key} trailer${n > 1 ? 's' : ''}; exactly one is required`, { data: { commit: info.commit, key } });
  }
  return value;
}
