/** `@gatos/explorer`: exports to Parquet and SQLite with an Explorer-Root (SPEC-DIGEST §9). */
export {};
