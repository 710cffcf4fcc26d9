/** `@gatos/testkit` (private): real temp repositories, CLI runner and matchers for gatos tests. */
export { makeTempRepo, makeTempDir, testGitEnv } from './tempRepo.js';
export type { TempRepo } from './tempRepo.js';
