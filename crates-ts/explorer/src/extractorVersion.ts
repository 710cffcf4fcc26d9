/** The exporter's own version: part of every Explorer-Root, so bump it whenever output bytes change. */
export const EXPORTER_SEMVER = '0.1.0';

export type ExportFormat = 'parquet' | 'sqlite';

/** `gatos-export@<semver>+<format>` (SPEC-DIGEST §9 [R]). */
export function extractorVersion(format: ExportFormat): string {
  return `gatos-export@${EXPORTER_SEMVER}+${format}`;
}

/**
 * Parquet `created_by`: names the pinned writer too, because the writer's bytes are part of the
 * file digests (FIELD-NOTES "Exports"). Changing the hyparquet-writer version means changing this.
 */
export const PARQUET_CREATED_BY = `gatos-export ${EXPORTER_SEMVER} (hyparquet-writer 0.17.0)`;
