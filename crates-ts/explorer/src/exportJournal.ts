import { GatosError, type ObjectStore, type RefStore } from '@gatos/core';
import { currentHeads, ledgerHeadDigest } from '@gatos/echo';
import { ACTIVE_POLICY_REF } from '@gatos/policy';
import type { ExportMeta } from './exportMeta.js';
import { extractorVersion, type ExportFormat } from './extractorVersion.js';
import { journalTable } from './journalTable.js';
import { stageExport } from './stageExport.js';
import { writeMeta } from './writeMeta.js';
import { writeTables } from './writeTables.js';

/**
 * `git gatos export parquet|sqlite --journal <ns>`: a raw export of every event of a namespace's
 * journals at their current tips. No fold, so no fold_root in its Explorer-Root; policy_root is
 * the active policy bundle at export time.
 */
export async function exportJournal(store: { objects: ObjectStore; refs: RefStore }, options: { ns: string; format: ExportFormat; out: string }): Promise<ExportMeta> {
  const heads = await currentHeads(store.refs, [options.ns]);
  if (Object.keys(heads).length === 0) {
    throw new GatosError('EXPORT_NO_JOURNAL', `namespace ${options.ns} has no journals (nothing under refs/gatos/journal/${options.ns}/)`, { data: { ns: options.ns } });
  }
  const policyRoot = await store.refs.read(ACTIVE_POLICY_REF);
  if (!policyRoot) throw new GatosError('EXPORT_NO_POLICY', `no active policy at ${ACTIVE_POLICY_REF} (run git gatos init)`, { data: {} });
  const source = await journalTable(store, options.ns, heads);
  return stageExport(options.out, async (dir) => {
    const written = await writeTables(dir, options.format, [source]);
    return writeMeta(dir, {
      complete: true,
      kind: 'raw',
      format: options.format,
      extractor_version: extractorVersion(options.format),
      ledger_head: ledgerHeadDigest(heads),
      ledger_heads: heads,
      policy_root: policyRoot,
      fold_root: null,
      state_root: null,
      ns: options.ns,
      ref: null,
      checkpoint: null,
      data_root: written.dataRoot,
      files: written.files,
      tables: written.tables,
      sampling: null,
    });
  });
}
