/** Lists loose ref files under a directory of the common git dir (e.g. `refs/gatos`). */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Names of loose refs at or below `base` (a ref-path without trailing `/`), lock files excluded. */
export async function listLooseRefs(commonDir: string, base: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(join(commonDir, rel), { withFileTypes: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      throw err;
    }
    for (const e of entries) {
      const name = `${rel}/${e.name}`;
      if (e.isDirectory()) await visit(name);
      else if (e.isFile() && !e.name.endsWith('.lock')) out.push(name);
    }
  };
  await visit(base);
  return out;
}
