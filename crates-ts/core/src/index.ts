/**
 * `@gatos/core`: canonical encoding, content ids, Ed25519, identifiers, errors and the ports
 * every plane is written against. Pure: no git, no file system, no network.
 */
export { GatosError, isGatosError } from './errors.js';
export type { ErrorData, ExitClass } from './errors.js';
export { ZERO_OID, systemClock } from './ports.js';
export type { Oid, GitObjectType, RawObject, ObjectStore, RefStore, RefUpdate, Clock, Signer } from './ports.js';
