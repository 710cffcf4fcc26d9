/**
 * Pure git object format: ids, commits and trees, byte-identical to what git writes.
 * This module is the facade; each codec lives in its own `gitObject*.ts` file.
 */
export { hashObject } from './gitObjectHash.js';
export { isOid } from './gitObjectTypes.js';
export { encodeCommit, decodeCommit } from './gitObjectCommit.js';
export { encodeTree, decodeTree } from './gitObjectTree.js';
export type { GitIdent, CommitData, DecodedCommit, TreeEntry, TreeEntryMode, GitObjectErrorCode } from './gitObjectTypes.js';
