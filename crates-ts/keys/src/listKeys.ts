import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ListedKey {
  readonly actor: string;
  readonly publicKey: string;
  readonly path: string;
}

/** Every key in the store at `home`, sorted by actor. Unreadable files are skipped, not fatal. */
export function listKeys(home: string): ListedKey[] {
  const out: ListedKey[] = [];
  const root = join(home, 'keys');
  for (const kind of safeReaddir(root)) {
    for (const file of safeReaddir(join(root, kind))) {
      if (!file.endsWith('.json')) continue;
      const path = join(root, kind, file);
      try {
        const parsed = JSON.parse(readFileSync(path, 'utf8')) as { actor?: unknown; public_key?: unknown };
        if (typeof parsed.actor === 'string' && typeof parsed.public_key === 'string') {
          out.push({ actor: parsed.actor, publicKey: parsed.public_key, path });
        }
      } catch {
        // A stray or corrupt file must not hide the other keys.
      }
    }
  }
  return out.sort((a, b) => (a.actor < b.actor ? -1 : a.actor > b.actor ? 1 : 0));
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}
