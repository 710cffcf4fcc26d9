import { describe, expect, it } from 'vitest';

describe('@gatos/ledger public surface', () => {
  it('exposes only the intended API (changing it is deliberate: update this list)', async () => {
    expect(Object.keys(await import('../src/index.js')).sort()).toEqual(["DEFAULT_FUTURE_SKEW_MS","DEFAULT_MAX_EVENT_BYTES","EVENT_FILE","JOURNAL_PREFIX","appendEvent","appendEvents","badSignature","buildEventCommit","checkEntry","compareFoldOrder","decodeEntry","eventAt","eventIdent","eventLog","eventMessage","findEvent","journalRef","listJournals","parseJournalRef","readEvents","readJournal","signEvent","verifyJournals"]);
  });
});
