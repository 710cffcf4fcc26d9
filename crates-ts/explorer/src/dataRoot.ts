import { blake3, blake3Hex, canonicalJson } from '@gatos/core';
import type { Cell, TablePlan } from './tables.js';

/** Lines per hashed block of the row stream (ADR-0018 "data_root"). */
export const DATA_ROOT_BLOCK_LINES = 4096;

/**
 * `data_root` over the canonical row stream: per table a header line
 * `JCS({"columns":[names],"table":name,"types":[types]})`, then one line per row, the JSON array of
 * its cells (int64 as decimal digits, exact), each line ending in LF. Lines are cut into blocks of
 * 4096; data_root = blake3(blake3(block_0) ‖ blake3(block_1) ‖ ...). Blocks keep memory flat
 * without an incremental hasher; the result does not depend on the file format.
 */
export class DataRootHasher {
  private lines: string[] = [];
  private digests: Uint8Array[] = [];

  table(plan: Pick<TablePlan, 'name' | 'columns'>): void {
    this.push(canonicalJson({ columns: plan.columns.map((c) => c.name), table: plan.name, types: plan.columns.map((c) => c.type) }));
  }

  row(cells: readonly Cell[]): void {
    this.push(rowLine(cells));
  }

  /** `blake3:<hex>`. */
  finish(): string {
    this.flush();
    const all = new Uint8Array(this.digests.length * 32);
    this.digests.forEach((d, i) => all.set(d, i * 32));
    return `blake3:${blake3Hex(all)}`;
  }

  private push(line: string): void {
    this.lines.push(line);
    if (this.lines.length === DATA_ROOT_BLOCK_LINES) this.flush();
  }

  private flush(): void {
    if (this.lines.length === 0) return;
    this.digests.push(blake3(new TextEncoder().encode(`${this.lines.join('\n')}\n`)));
    this.lines = [];
  }
}

export function rowLine(cells: readonly Cell[]): string {
  let out = '[';
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    if (i > 0) out += ',';
    out += c === null ? 'null' : typeof c === 'bigint' ? c.toString() : JSON.stringify(c);
  }
  return `${out}]`;
}
