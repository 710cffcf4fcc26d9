import { canonicalJson, type ObjectStore, type RefStore } from '@gatos/core';
import { compareFoldOrder, readEvents, type LoggedEvent } from '@gatos/ledger';
import type { LedgerHeads } from '@gatos/echo';
import type { Cell, ColumnPlan, TableSource } from './tables.js';

export const EVENTS_TABLE = 'events';

const COLUMNS: ColumnPlan[] = (['cid', 'actor', 'ulid', 'ts', 'type', 'payload', 'policy_root', 'commit', 'journal'] as const).map((name) => ({
  name, field: name, type: name === 'payload' ? 'json' : 'utf8',
}));

/**
 * The raw `events` table: one row per event of the journals at `heads`, in fold order (ULID, actor,
 * CID). Payloads are JCS text with DAG-JSON conventions for what JSON lacks: bytes `{"$bytes":base64}`,
 * CIDs `{"/":cid}`, integers beyond 2^53 as decimal strings. Events are read whole into memory.
 */
export async function journalTable(store: { objects: ObjectStore; refs?: RefStore }, ns: string, heads: LedgerHeads): Promise<TableSource> {
  const events: LoggedEvent[] = [];
  for (const [ref, tip] of Object.entries(heads)) {
    const chain = await store.objects.walk(tip);
    events.push(...(await readEvents(store.objects, ref, ns, chain.map((c) => c.oid))));
  }
  events.sort(compareFoldOrder);
  return {
    plan: { name: EVENTS_TABLE, source: null, shape: 'events', columns: COLUMNS, rows: events.length },
    *rows() {
      for (const e of events) {
        const row: Cell[] = [e.cid, e.envelope.actor, e.envelope.ulid, e.envelope.ts ?? null, e.envelope.type, canonicalJson(toJson(e.envelope.payload)), e.envelope.policy_root, e.commit, e.ref];
        yield row;
      }
    },
  };
}

function toJson(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Uint8Array) return { $bytes: Buffer.from(v).toString('base64') };
  if (Array.isArray(v)) return v.map(toJson);
  if (v !== null && typeof v === 'object') {
    if ((v as { asCID?: unknown }).asCID === v) return { '/': String(v) };
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  }
  return v;
}
