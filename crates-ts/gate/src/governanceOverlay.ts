import type { ObjectStore, Oid, RefStore } from '@gatos/core';
import type { GovernanceStore } from '@gatos/governance';
import type { PushUpdate } from './pushUpdate.js';

/**
 * The server's refs as they would be after `updates` (reads and lists only): governance checks
 * resolve records on the server *or in the same push* (an approval may arrive with its proposal).
 * Writing through it is refused: the gate never writes while it evaluates.
 */
export function overlayStore(store: { objects: ObjectStore; refs: RefStore }, updates: readonly PushUpdate[]): GovernanceStore {
  const pushed = new Map<string, Oid>(updates.map((u) => [u.ref, u.new]));
  const readOnly = (): Promise<never> => Promise.reject(new Error('the gate evaluates pushes read-only'));
  const refs: RefStore = {
    read: async (ref) => pushed.get(ref) ?? store.refs.read(ref),
    list: async (prefix) => {
      const merged = new Map((await store.refs.list(prefix)).map((r) => [r.ref, r.oid] as const));
      for (const [ref, oid] of pushed) if (ref.startsWith(prefix)) merged.set(ref, oid);
      return [...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([ref, oid]) => ({ ref, oid }));
    },
    compareAndSwap: readOnly,
    compareAndSwapMany: readOnly,
  };
  return { objects: store.objects, refs };
}
