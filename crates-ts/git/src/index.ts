/**
 * `@gatos/git`: adapters that implement the object/ref store ports of `@gatos/core` over the git
 * CLI and isomorphic-git. This is the only gatos package that spawns `git`.
 */
export { openRepository } from './openRepository.js';
export type { Repository, OpenRepositoryOptions, GitBackend } from './openRepository.js';
export { runGit } from './runGit.js';
export type { RunGitOptions } from './runGit.js';
export { refNameProblem } from './refName.js';
export type { GitAdapterErrorCode } from './errorCodes.js';
export { loadSignatureCache } from './signatureCache.js';
export type { SignatureCache } from './signatureCache.js';
