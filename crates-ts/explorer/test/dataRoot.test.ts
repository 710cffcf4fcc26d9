import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { blake3, blake3Hex, canonicalJson, initHashes } from '@gatos/core';
import { checkoutRoot } from '@gatos/testkit';
import { DATA_ROOT_BLOCK_LINES, DataRootHasher, planStateTables, rowLine } from '@gatos/explorer';

interface VTable { name: string; shape: string; columns: Array<{ name: string; type: string }>; lines: string[] }
const vectors = JSON.parse(readFileSync(join(checkoutRoot, 'spec/vectors/explorer/data-root.json'), 'utf8')) as { cases: Array<{ name: string; state: unknown; tables: VTable[]; data_root: string }> };

/** data_root straight from the ADR's words, without DataRootHasher. */
function independentRoot(tables: VTable[]): string {
  const lines = tables.flatMap((t) => [canonicalJson({ columns: t.columns.map((c) => c.name), table: t.name, types: t.columns.map((c) => c.type) }), ...t.lines]);
  const digests: Uint8Array[] = [];
  for (let i = 0; i < lines.length; i += DATA_ROOT_BLOCK_LINES) digests.push(blake3(new TextEncoder().encode(lines.slice(i, i + DATA_ROOT_BLOCK_LINES).map((l) => `${l}\n`).join(''))));
  const all = new Uint8Array(digests.length * 32);
  digests.forEach((d, i) => all.set(d, i * 32));
  return `blake3:${blake3Hex(all)}`;
}

describe('data_root and the table mapping (spec/vectors/explorer/data-root.json)', () => {
  it.each(vectors.cases.map((c) => [c.name, c] as const))('%s: tables, row lines and data_root', async (_n, c) => {
    await initHashes();
    const sources = planStateTables(c.state);
    expect(sources.map((s) => ({ name: s.plan.name, shape: s.plan.shape, columns: s.plan.columns.map((x) => ({ name: x.name, type: x.type })), lines: [...s.rows()].map(rowLine) }))).toEqual(c.tables);
    const h = new DataRootHasher();
    for (const s of sources) {
      h.table(s.plan);
      for (const r of s.rows()) h.row(r);
    }
    expect(h.finish()).toBe(c.data_root);
    expect(independentRoot(c.tables)).toBe(c.data_root);
  });

  it('cuts the stream into 4096-line blocks (a table spanning three blocks)', () => {
    const rows: Record<string, number> = {};
    for (let i = 0; i < 9000; i++) rows[`r${String(i).padStart(5, '0')}`] = i;
    const [source] = planStateTables({ big: rows });
    const h = new DataRootHasher();
    h.table(source!.plan);
    const lines: string[] = [];
    for (const r of source!.rows()) {
      h.row(r);
      lines.push(rowLine(r));
    }
    expect(h.finish()).toBe(independentRoot([{ name: 'big', shape: 'map', columns: source!.plan.columns.map((c) => ({ name: c.name, type: c.type })), lines }]));
  });
});
