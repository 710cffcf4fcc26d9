/**
 * Who can read an opaque blob: `--to` names (actors and `@groups`) resolved against a trust graph to
 * Ed25519 keys. Each current, unrevoked key of an actor is a recipient (an actor with two devices gets
 * two wraps); groups expand to their members. The result is sorted by key and has no duplicates.
 */
import { formatPublicKey, parseActor, parsePublicKey } from '@gatos/core';
import type { TrustGraph } from '@gatos/policy';
import { opaqueError } from './errors.js';

export interface Recipient {
  /** `ed25519:<64 hex>` */
  readonly key: string;
  /** The actor the key belongs to (informational; never written into pointers). */
  readonly actor: string;
}

/**
 * Resolves `names` (e.g. `['user:bob', '@auditors']`) to recipient keys. Throws
 * `OPAQUE_UNKNOWN_RECIPIENT` for an actor without keys or an unknown group, `OPAQUE_NO_RECIPIENTS`
 * when nothing is left.
 * @example resolveRecipients(trust, ['@leads', 'user:carol'])
 */
export function resolveRecipients(trust: TrustGraph, names: readonly string[]): Recipient[] {
  const actors = new Set<string>();
  for (const name of names) {
    if (name.startsWith('@')) {
      const members = trust.groups[name.slice(1)];
      if (members === undefined) {
        throw opaqueError('OPAQUE_UNKNOWN_RECIPIENT', `group ${name} is not in the trust graph of the active policy (define it with: git gatos trust group ${name} <actor…>, then git gatos policy publish)`, { data: { recipient: name } });
      }
      if (members.length === 0) throw opaqueError('OPAQUE_NO_RECIPIENTS', `group ${name} has no members`, { data: { recipient: name } });
      members.forEach((m) => actors.add(m));
    } else {
      parseActor(name);
      actors.add(name);
    }
  }
  const byKey = new Map<string, string>();
  for (const actor of [...actors].sort()) {
    const entry = trust.actors[actor];
    const keys = (entry?.keys ?? []).filter((k) => !entry!.revoked_keys.includes(k));
    if (keys.length === 0) {
      throw opaqueError('OPAQUE_UNKNOWN_RECIPIENT', `${actor} has no current key in the trust graph of the active policy (add it with: git gatos trust add ${actor}, then git gatos policy publish)`, { data: { recipient: actor } });
    }
    for (const k of keys) if (!byKey.has(k)) byKey.set(formatPublicKey(parsePublicKey(k)), actor);
  }
  if (byKey.size === 0) throw opaqueError('OPAQUE_NO_RECIPIENTS', 'an opaque blob needs at least one recipient (--to <actor|@group>)');
  return [...byKey].map(([key, actor]) => ({ key, actor })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
