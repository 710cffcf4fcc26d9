/**
 * `@gatos/ledger`: per-actor signed event journals (`refs/gatos/journal/<ns>/<kind>/<name>`):
 * append (single and batch, compare-and-swap), read, and verify. Pure logic over the ObjectStore and
 * RefStore ports of `@gatos/core`; git I/O lives in `@gatos/git`.
 */
export { JOURNAL_PREFIX, journalRef, parseJournalRef } from './journalRef.js';
export { EVENT_FILE, buildEventCommit, eventIdent, eventMessage } from './eventCommit.js';
export type { SignedEvent } from './eventCommit.js';
export { signEvent } from './signEvent.js';
export { appendEvents, appendEvent, DEFAULT_FUTURE_SKEW_MS, DEFAULT_MAX_EVENT_BYTES } from './appendEvents.js';
export type { EventInput, AppendedEvent, AppendOptions } from './appendEvents.js';
export { readJournal } from './readJournal.js';
export type { JournalEntry } from './readJournal.js';
export { checkEntry, decodeEntry, badSignature } from './checkEntry.js';
export type { CheckedEntry, EntryFailure } from './checkEntry.js';
export { verifyJournals } from './verifyJournals.js';
export type { VerifyFailure, VerifyReport, VerifiedSignatures } from './verifyJournals.js';
export { eventLog, listJournals, compareFoldOrder, readEvents } from './eventLog.js';
export type { LoggedEvent } from './eventLog.js';
export { findEvent } from './findEvent.js';
export { eventAt } from './tipEvent.js';
