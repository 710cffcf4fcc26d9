import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJsonBytes } from '@gatos/core';
import { bareHex, explorerRoot } from './explorerRoot.js';
import { META_FILE, ROOT_FILE, type ExportMeta } from './exportMeta.js';

/** The Explorer-Root a meta.json implies (fold_root only for derived exports). */
export function metaExplorerRoot(meta: Pick<ExportMeta, 'ledger_head' | 'policy_root' | 'fold_root' | 'extractor_version' | 'kind'>): string {
  return explorerRoot({
    ledgerHead: bareHex(meta.ledger_head),
    policyRoot: meta.policy_root,
    ...(meta.kind === 'derived' && meta.fold_root !== null ? { foldRoot: bareHex(meta.fold_root) } : {}),
    extractorVersion: meta.extractor_version,
  });
}

/** Completes `meta` with its Explorer-Root and writes meta.json (JCS) and explorer-root.txt, last. */
export function writeMeta(dir: string, meta: Omit<ExportMeta, 'explorer_root'>): ExportMeta {
  const full: ExportMeta = { ...meta, explorer_root: metaExplorerRoot(meta) };
  writeFileSync(join(dir, ROOT_FILE), `${full.explorer_root}\n`);
  writeFileSync(join(dir, META_FILE), canonicalJsonBytes(full));
  return full;
}
