/**
 * `@gatos/governance/internal`: building blocks the public API deliberately does not offer, for tests
 * that must craft records the plane itself refuses to write (e.g. an approval by a non-member), to
 * prove the push gate still refuses them. Not for product code.
 */
export { buildRecordCommit } from './recordCommit.js';
export { withId } from './envelopes.js';
