import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Repository } from '@gatos/git';

const OID = /^[0-9a-f]{40}$/;

/**
 * Every ref under `refs/gatos/` with the oid it names, read from the files backend itself (loose refs
 * win over packed-refs). `git for-each-ref` silently skips refs whose object is missing, which are
 * exactly the ones doctor must see. Symbolic refs and unreadable entries are left out.
 */
export function rawGatosRefs(repo: Repository): Array<{ ref: string; oid: string }> {
  const found = new Map<string, string>();
  const packed = join(repo.gitDir, 'packed-refs');
  if (existsSync(packed)) {
    for (const line of readFileSync(packed, 'utf8').split('\n')) {
      const m = /^([0-9a-f]{40}) (refs\/gatos\/\S+)$/.exec(line);
      if (m) found.set(m[2]!, m[1]!);
    }
  }
  const walk = (dir: string, name: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const ref = `${name}/${entry.name}`;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, ref);
      else if (entry.isFile()) {
        const value = readFileSync(path, 'utf8').trim();
        if (OID.test(value)) found.set(ref, value);
      }
    }
  };
  const loose = join(repo.gitDir, 'refs', 'gatos');
  if (existsSync(loose)) walk(loose, 'refs/gatos');
  return [...found].map(([ref, oid]) => ({ ref, oid })).sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
}
