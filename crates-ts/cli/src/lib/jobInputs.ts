import type { InputSource } from '@gatos/compute';
import { configuredBlobStore } from './blobs.js';
import type { CliContext } from './context.js';

/** Job inputs come from the configured blob store (`gatos.blobStore`, default refs/gatos/objects; ADR-0015). */
export async function jobInputSource(ctx: CliContext): Promise<InputSource> {
  const { store } = await configuredBlobStore(ctx);
  return { fetch: (pointer) => store.get(pointer.hash) };
}
