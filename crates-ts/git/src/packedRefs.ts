/**
 * Reads git's `packed-refs` file (gitrepository-layout(5)): `<oid> SP <ref>` lines, optional
 * `^<peeled-oid>` lines after tags, and a `# pack-refs with:` header. Loose ref files override it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Oid } from '@gatos/core';

/** Every packed ref and its value; empty when there is no `packed-refs` file. */
export async function readPackedRefs(commonDir: string): Promise<Map<string, Oid>> {
  let text: string;
  try {
    text = await readFile(join(commonDir, 'packed-refs'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw err;
  }
  const refs = new Map<string, Oid>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#') || line.startsWith('^')) continue;
    const oid = line.slice(0, 40);
    if (line[40] === ' ' && /^[0-9a-f]{40}$/.test(oid)) refs.set(line.slice(41), oid);
  }
  return refs;
}
