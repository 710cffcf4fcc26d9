/** `@gatos/testkit` (private): real temp repositories, fixtures and helpers for gatos tests. */
export { makeTempRepo, makeTempDir, testGitEnv } from './tempRepo.js';
export type { TempRepo } from './tempRepo.js';
export { testSigner } from './testSigner.js';
export { makeLedgerFixture } from './ledgerFixture.js';
export type { LedgerFixture } from './ledgerFixture.js';
export { withFailure } from './withFailure.js';
export { runCli, runCliAsync, runGitGatos, cliEntry, checkoutRoot } from './runCli.js';
export type { CliResult } from './runCli.js';
export { startGitHttpServer } from './gitHttpServer.js';
export type { GitHttpServer, GitHttpServerOptions } from './gitHttpServer.js';
export { runGitAsync } from './runGitAsync.js';
export { useCliSandbox, okJson } from './cliSandbox.js';
export type { CliSandbox } from './cliSandbox.js';
