import { GatosError, parseActor, parsePublicKey, formatPublicKey } from '@gatos/core';

/**
 * The trust graph (`gatos/trust/graph.json`): which Ed25519 keys speak for which actor, and named
 * groups of actors (`@leads`). It takes effect only inside a published policy bundle.
 * Format resolves SPEC-DIGEST I21: `{version, actors:{<actor>:{keys, revoked_keys}}, groups:{<name>:[actor]}}`.
 */
export interface TrustGraph {
  readonly version: 1;
  readonly actors: Readonly<Record<string, { readonly keys: readonly string[]; readonly revoked_keys: readonly string[] }>>;
  readonly groups: Readonly<Record<string, readonly string[]>>;
}

const GROUP_NAME = /^[A-Za-z0-9._-]{1,64}$/;

export function emptyTrustGraph(): TrustGraph {
  return { version: 1, actors: {}, groups: {} };
}

/** Parses and validates graph.json text. Keys are normalised to `ed25519:<hex>`. */
export function parseTrustGraph(text: string, where = 'gatos/trust/graph.json'): TrustGraph {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw bad(where, `is not valid JSON (${(err as Error).message})`);
  }
  if (!isRecord(raw) || raw.version !== 1) throw bad(where, 'must be an object with "version": 1');
  const actorsIn = raw.actors ?? {};
  const groupsIn = raw.groups ?? {};
  if (!isRecord(actorsIn)) throw bad(where, '"actors" must be an object');
  if (!isRecord(groupsIn)) throw bad(where, '"groups" must be an object');
  const actors: Record<string, { keys: string[]; revoked_keys: string[] }> = {};
  for (const [actor, entry] of Object.entries(actorsIn)) {
    parseActor(actor);
    if (!isRecord(entry) || !Array.isArray(entry.keys)) throw bad(where, `actor ${actor} needs a "keys" array`);
    const revoked = entry.revoked_keys ?? [];
    if (!Array.isArray(revoked)) throw bad(where, `actor ${actor}: "revoked_keys" must be an array`);
    actors[actor] = { keys: normaliseKeys(entry.keys, where, actor), revoked_keys: normaliseKeys(revoked, where, actor) };
  }
  const groups: Record<string, string[]> = {};
  for (const [name, members] of Object.entries(groupsIn)) {
    if (!GROUP_NAME.test(name)) throw bad(where, `group name ${JSON.stringify(name)} must match ${GROUP_NAME.source}`);
    if (!Array.isArray(members) || !members.every((m): m is string => typeof m === 'string')) {
      throw bad(where, `group ${name} must be an array of actors`);
    }
    members.forEach((m) => parseActor(m));
    groups[name] = [...new Set(members)].sort();
  }
  return { version: 1, actors, groups };
}

/** Deterministic, human-readable text: sorted keys, two-space indent, trailing newline. */
export function serializeTrustGraph(graph: TrustGraph): string {
  const actors: Record<string, unknown> = {};
  for (const actor of Object.keys(graph.actors).sort()) {
    const a = graph.actors[actor]!;
    actors[actor] = { keys: [...a.keys].sort(), revoked_keys: [...a.revoked_keys].sort() };
  }
  const groups: Record<string, unknown> = {};
  for (const name of Object.keys(graph.groups).sort()) groups[name] = [...graph.groups[name]!].sort();
  return `${JSON.stringify({ version: 1, actors, groups }, null, 2)}\n`;
}

/** Returns a graph in which `actor` also trusts `publicKey` (idempotent). */
export function withActorKey(graph: TrustGraph, actor: string, publicKey: string): TrustGraph {
  parseActor(actor);
  const key = formatPublicKey(parsePublicKey(publicKey));
  const current = graph.actors[actor] ?? { keys: [], revoked_keys: [] };
  if (current.revoked_keys.includes(key)) {
    throw new GatosError('TRUST_KEY_REVOKED', `key ${key} was revoked for ${actor} and cannot be trusted again`, { data: { actor, key } });
  }
  const keys = current.keys.includes(key) ? current.keys : [...current.keys, key].sort();
  return { ...graph, actors: { ...graph.actors, [actor]: { keys, revoked_keys: current.revoked_keys } } };
}

/** Returns a graph where group `name` (with or without a leading `@`) has exactly `members`. */
export function withGroup(graph: TrustGraph, name: string, members: readonly string[]): TrustGraph {
  const bare = name.startsWith('@') ? name.slice(1) : name;
  if (!GROUP_NAME.test(bare)) {
    throw new GatosError('TRUST_BAD_GROUP', `group name ${JSON.stringify(name)} must match @${GROUP_NAME.source}`, { data: { group: name } });
  }
  members.forEach((m) => parseActor(m));
  return { ...graph, groups: { ...graph.groups, [bare]: [...new Set(members)].sort() } };
}

/** True when `publicKey` (`ed25519:<hex>`) is a current, unrevoked key of `actor`. */
export function isActorKey(graph: TrustGraph, actor: string, publicKey: string): boolean {
  const entry = graph.actors[actor];
  return entry !== undefined && entry.keys.includes(publicKey) && !entry.revoked_keys.includes(publicKey);
}

function normaliseKeys(list: unknown[], where: string, actor: string): string[] {
  return list
    .map((k) => {
      if (typeof k !== 'string') throw bad(where, `actor ${actor}: keys must be strings`);
      return formatPublicKey(parsePublicKey(k));
    })
    .sort();
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bad(where: string, what: string): GatosError {
  return new GatosError('TRUST_GRAPH_INVALID', `${where} ${what}`, { data: { path: where } });
}
