/** @noble/ed25519 wired for synchronous use: its sync API needs a SHA-512 provider first. */
import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';

ed.hashes.sha512 = sha512;

export { ed, sha512 };
