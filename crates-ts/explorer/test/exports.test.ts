import { describe, expect, it } from 'vitest';

describe('@gatos/explorer public surface', () => {
  it('exposes only the intended API (changing it is deliberate: update this list)', async () => {
    expect(Object.keys(await import('../src/index.js')).sort()).toEqual(["BATCH_ROWS","DATA_ROOT_BLOCK_LINES","DataRootHasher","EVENTS_TABLE","EXPORTER_SEMVER","META_FILE","PARQUET_CREATED_BY","ROOT_FILE","SCALARS_TABLE","SQLITE_FILE","bareHex","explorerRoot","explorerRootPreimage","exportJournal","exportState","extractorVersion","planStateTables","rowLine","uniqueName","verifyExport"]);
  });
});
