import { GatosError, type ObjectStore, type Oid } from '@gatos/core';
import { ledgerHeadDigest, loadCheckpoint, stateFilePath, type LoadedCheckpoint } from '@gatos/echo';
import type { ExportMeta } from './exportMeta.js';
import { extractorVersion, type ExportFormat } from './extractorVersion.js';
import { planStateTablesFromJson } from './planStateTables.js';
import { stageExport } from './stageExport.js';
import type { TableSource } from './tables.js';
import { writeMeta } from './writeMeta.js';
import { writeTables } from './writeTables.js';

export interface ExportStateOptions {
  readonly commit: Oid;
  /** The state ref named on the command line, if any (verify then follows it). */
  readonly ref: string | null;
  readonly format: ExportFormat;
  readonly out: string;
}

/** The checkpoint's state, parsed, with its table mapping (also what `verify` recomputes). */
export async function checkpointTables(objects: ObjectStore, commit: Oid): Promise<{ sources: TableSource[]; cp: LoadedCheckpoint }> {
  const cp = await loadCheckpoint(objects, commit);
  const bytes = cp.files.get(stateFilePath(cp.pof.ns));
  if (!bytes) throw new GatosError('CHECKPOINT_INVALID', `checkpoint ${commit} has no ${stateFilePath(cp.pof.ns)}`, { data: { commit }, exitClass: 'check' });
  // The state file is one blob; its text is walked row by row, never parsed whole (ADR-0018).
  return { sources: planStateTablesFromJson(new TextDecoder('utf-8', { fatal: true }).decode(bytes)), cp };
}

/** `git gatos export parquet|sqlite --state`: a derived export of one checkpoint. */
export async function exportState(objects: ObjectStore, options: ExportStateOptions): Promise<ExportMeta> {
  const { sources, cp } = await checkpointTables(objects, options.commit);
  const { pof } = cp;
  return stageExport(options.out, async (dir) => {
    const written = await writeTables(dir, options.format, sources);
    return writeMeta(dir, {
      complete: true,
      kind: 'derived',
      format: options.format,
      extractor_version: extractorVersion(options.format),
      ledger_head: ledgerHeadDigest(pof.ledger_end),
      ledger_heads: pof.ledger_end,
      policy_root: pof.policy_root,
      fold_root: pof.fold_root,
      state_root: pof.state_root,
      ns: pof.ns,
      ref: options.ref,
      checkpoint: options.commit,
      data_root: written.dataRoot,
      files: written.files,
      tables: written.tables,
      sampling: null,
    });
  });
}
