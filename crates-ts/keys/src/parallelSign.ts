import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { signBytes } from '@gatos/core';

/**
 * Worker source, evaluated as a CommonJS script so it runs the same from built code and from tests.
 * It rebuilds the Ed25519 key from the seed (PKCS#8 = fixed 16-byte prefix + seed) and signs batches.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const crypto = require('node:crypto');
const prefix = Buffer.from('302e020100300506032b657004220420', 'hex');
const key = crypto.createPrivateKey({ key: Buffer.concat([prefix, Buffer.from(workerData.seed)]), format: 'der', type: 'pkcs8' });
parentPort.on('message', ({ id, messages }) => {
  parentPort.postMessage({ id, sigs: messages.map((m) => new Uint8Array(crypto.sign(null, m, key))) });
});
`;

/** Below this many messages a round trip to the worker costs more than it saves. */
const WORKER_THRESHOLD = 64;

export type SignMany = (messages: readonly Uint8Array[]) => Promise<Uint8Array[]>;

/**
 * A `signMany` for one seed that hands batches to a background worker thread (started on first use,
 * never keeping the process alive), so the caller can chain commits for one chunk while the next
 * chunk is signed. Signatures are identical to signing one by one (Ed25519 is deterministic).
 * On a single-core machine everything is signed on the calling thread.
 */
export function parallelSigner(seed: Uint8Array): SignMany {
  let worker: Worker | null = null;
  let nextId = 0;
  const waiting = new Map<number, { resolve: (s: Uint8Array[]) => void; reject: (e: unknown) => void }>();
  const start = (): Worker => {
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { seed: Uint8Array.from(seed) } });
    w.on('message', ({ id, sigs }: { id: number; sigs: Uint8Array[] }) => {
      waiting.get(id)?.resolve(sigs);
      waiting.delete(id);
    });
    w.on('error', (err) => {
      for (const p of waiting.values()) p.reject(err);
      waiting.clear();
      worker = null;
    });
    w.unref();
    return w;
  };
  return (messages) => {
    if (messages.length < WORKER_THRESHOLD || availableParallelism() < 2) return Promise.resolve(messages.map((m) => signBytes(seed, m)));
    worker ??= start();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker!.postMessage({ id, messages });
    });
  };
}
