/**
 * Git object ids: SHA-1 over the loose-object framing.
 *
 * Implements the object id rule of git's object format (gitformat-loose / Documentation/technical
 * "hash-function-transition": an object's id is the SHA-1 of `"<type> <size>\0" + body`).
 * Pure: node:crypto only, no git binary, no file system.
 */
import { createHash } from 'node:crypto';
import type { GitObjectType, Oid } from './ports.js';

/**
 * The object id git gives `body` stored as `type`: SHA-1 over `"<type> <len>\0" + body`.
 *
 * @example
 * hashObject('blob', new TextEncoder().encode('hello\n')) // 'ce013625030ba8dba906f756967f9e9ca394464a'
 */
export function hashObject(type: GitObjectType, body: Uint8Array): Oid {
  return createHash('sha1').update(`${type} ${body.length}\0`).update(body).digest('hex');
}
