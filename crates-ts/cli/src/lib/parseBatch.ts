import { GatosError } from '@gatos/core';
import type { EventInput } from '@gatos/ledger';
import { parseJsonObject } from './readInput.js';

/** Parses JSON lines of `{type, payload, ulid?, ts?}`; errors name the line. Blank lines are skipped. */
export function parseBatch(text: string, source: string): EventInput[] {
  const inputs: EventInput[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${source}:${i + 1}`;
    const obj = parseJsonObject(line, where);
    const allowed = new Set(['type', 'payload', 'ulid', 'ts']);
    const extra = Object.keys(obj).filter((k) => !allowed.has(k));
    if (extra.length) throw new GatosError('INPUT_BAD_BATCH', `${where}: unknown field(s) ${extra.join(', ')} (allowed: type, payload, ulid, ts)`, { data: { where } });
    const { type, payload, ulid, ts } = obj;
    if (typeof type !== 'string') throw new GatosError('INPUT_BAD_BATCH', `${where}: "type" must be a string`, { data: { where } });
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || payload instanceof Uint8Array) {
      throw new GatosError('INPUT_BAD_BATCH', `${where}: "payload" must be a JSON object`, { data: { where } });
    }
    if (ulid !== undefined && typeof ulid !== 'string') throw new GatosError('INPUT_BAD_BATCH', `${where}: "ulid" must be a string`, { data: { where } });
    if (ts !== undefined && typeof ts !== 'string') throw new GatosError('INPUT_BAD_BATCH', `${where}: "ts" must be a string`, { data: { where } });
    inputs.push({ type, payload: payload as EventInput['payload'], ...(ulid ? { ulid } : {}), ...(ts ? { ts } : {}) });
  });
  if (inputs.length === 0) throw new GatosError('INPUT_BAD_BATCH', `${source}: no events`, { data: { where: source } });
  return inputs;
}
