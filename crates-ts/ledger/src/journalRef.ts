import { parseActor, assertNamespace, actorRefPath } from '@gatos/core';

export const JOURNAL_PREFIX = 'refs/gatos/journal/';

/** `refs/gatos/journal/<ns>/<kind>/<name>`, e.g. `refs/gatos/journal/finance/user/alice`. */
export function journalRef(ns: string, actor: string): string {
  assertNamespace(ns);
  return `${JOURNAL_PREFIX}${ns}/${actorRefPath(actor)}`;
}

/** The namespace and actor a journal ref names, or null when the ref is not a well-formed journal ref. */
export function parseJournalRef(ref: string): { ns: string; actor: string } | null {
  if (!ref.startsWith(JOURNAL_PREFIX)) return null;
  const parts = ref.slice(JOURNAL_PREFIX.length).split('/');
  if (parts.length !== 3) return null;
  const [ns, kind, name] = parts as [string, string, string];
  const actor = `${kind}:${name}`;
  try {
    assertNamespace(ns);
    parseActor(actor);
  } catch {
    return null;
  }
  return { ns, actor };
}
