import { GatosError, isOid } from '@gatos/core';
import type { GateErrorCode } from './errors.js';
import { GATOS_REF_PREFIX, type PushUpdate } from './pushUpdate.js';

/**
 * Parses pre-receive (and post-receive) input: one `<old-oid> SP <new-oid> SP <ref>` line per ref
 * (githooks(5)). Throws `GATE_BAD_INPUT` naming the line when one is malformed.
 *
 * @example
 * readPushUpdates(`${ZERO_OID} ${oid} refs/gatos/journal/demo/user/alice\n`)
 */
export function readPushUpdates(text: string): PushUpdate[] {
  const out: PushUpdate[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const m = /^([0-9a-f]{40}) ([0-9a-f]{40}) (refs\/\S+|HEAD)$/.exec(line);
    if (m === null || !isOid(m[1]!) || !isOid(m[2]!)) {
      throw new GatosError<GateErrorCode>('GATE_BAD_INPUT', `pre-receive input line is not "<old> <new> <ref>": ${JSON.stringify(line.slice(0, 200))}`, {
        data: { line: line.slice(0, 200) }, exitClass: 'usage',
      });
    }
    out.push({ old: m[1]!, new: m[2]!, ref: m[3]! });
  }
  return out;
}

/** Only the updates under `refs/gatos/`: refs outside it pass the gate untouched. */
export function gatosUpdates(updates: readonly PushUpdate[]): PushUpdate[] {
  return updates.filter((u) => u.ref.startsWith(GATOS_REF_PREFIX));
}
