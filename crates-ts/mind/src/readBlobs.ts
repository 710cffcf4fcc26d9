import { GatosError, isGatosError, type ObjectStore } from '@gatos/core';
import { busError } from './errors.js';

/** Names per pipelined read: large enough to amortise a round trip, small enough to bound memory. */
const CHUNK = 4096;

/**
 * Reads blobs by name (`<commit>:<path>`), pipelined in chunks. A missing or non-blob entry becomes an
 * error value in its slot (a chunk with a missing name is retried one by one), so a reader can name
 * every broken commit.
 */
export async function readBlobs(objects: ObjectStore, names: readonly string[]): Promise<Array<Uint8Array | GatosError>> {
  const out: Array<Uint8Array | GatosError> = [];
  const missing = (name: string): GatosError => busError('BUS_MESSAGE_INVALID', `${name} is missing or not a file`, { data: { name } });
  for (let i = 0; i < names.length; i += CHUNK) {
    const slice = names.slice(i, i + CHUNK);
    try {
      for (const [j, o] of (await objects.readMany(slice)).entries()) out.push(o.type === 'blob' ? o.body : missing(slice[j]!));
      continue;
    } catch (err) {
      if (!isGatosError(err, 'GIT_OBJECT_MISSING')) throw err;
    }
    for (const name of slice) {
      try {
        const o = await objects.read(name);
        out.push(o.type === 'blob' ? o.body : missing(name));
      } catch (err) {
        if (!isGatosError(err, 'GIT_OBJECT_MISSING')) throw err;
        out.push(missing(name));
      }
    }
  }
  return out;
}
