/** `@gatos/explorer`: exports of checkpointed state and raw journals to Parquet and SQLite, with an Explorer-Root (SPEC-DIGEST §9, ADR-0018). */
export { explorerRoot, explorerRootPreimage, bareHex } from './explorerRoot.js';
export type { ExplorerRootInputs } from './explorerRoot.js';
export { EXPORTER_SEMVER, PARQUET_CREATED_BY, extractorVersion } from './extractorVersion.js';
export type { ExportFormat } from './extractorVersion.js';
export { planStateTables, SCALARS_TABLE } from './planStateTables.js';
export { uniqueName, BATCH_ROWS } from './tables.js';
export type { Cell, ColumnPlan, ColumnType, TablePlan, TableSource } from './tables.js';
export { DataRootHasher, DATA_ROOT_BLOCK_LINES, rowLine } from './dataRoot.js';
export { META_FILE, ROOT_FILE, SQLITE_FILE } from './exportMeta.js';
export type { ExportMeta, ExportedTable } from './exportMeta.js';
export { exportState } from './exportState.js';
export type { ExportStateOptions } from './exportState.js';
export { exportJournal } from './exportJournal.js';
export { EVENTS_TABLE } from './journalTable.js';
export { verifyExport } from './verifyExport.js';
export type { ExportCheck, ExportReport } from './verifyExport.js';
