import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openRepository } from '@gatos/git';
import { makeTempRepo, type TempRepo } from '@gatos/testkit';

let main: TempRepo;
let side: TempRepo;
const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  main?.cleanup();
  side?.cleanup();
});

describe('reading inside the pre-receive quarantine', () => {
  it('the git-CLI adapter sees objects only in GIT_OBJECT_DIRECTORY (plus the alternates); isomorphic-git does not', async () => {
    // Setup: "main" is the server repository; "side" stands in for the quarantine directory.
    main = makeTempRepo({ bare: true });
    side = makeTempRepo({ bare: true });
    const write = async (dir: string, text: string): Promise<string> => {
      const r = await openRepository(dir);
      const [oid] = await r.objects.write([{ type: 'blob', body: new TextEncoder().encode(text) }]);
      await r.close();
      return oid!;
    };
    const oid = await write(side.dir, 'pushed, still quarantined');
    const inMain = await write(main.dir, 'already on the server');
    // Test: the variables git sets for pre-receive.
    process.env.GIT_OBJECT_DIRECTORY = join(side.dir, 'objects');
    process.env.GIT_ALTERNATE_OBJECT_DIRECTORIES = join(main.dir, 'objects');
    process.env.GIT_QUARANTINE_PATH = join(side.dir, 'objects');
    const cli = await openRepository(main.dir);
    const iso = await openRepository(main.dir, { backend: 'iso' });
    try {
      expect((await cli.objects.read(oid)).type).toBe('blob');
      expect(await cli.objects.has(inMain)).toBe(true);
      expect(await iso.objects.has(oid)).toBe(false);
    } finally {
      await cli.close();
      await iso.close();
    }
  });
});
