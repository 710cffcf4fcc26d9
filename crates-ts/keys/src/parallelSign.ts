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
parentPort.on('message', (messages) => {
  parentPort.postMessage(messages.map((m) => new Uint8Array(crypto.sign(null, m, key))));
});
`;

/** Below this many messages a worker costs more (≈20 ms to start) than it saves. */
const PARALLEL_THRESHOLD = 512;

/**
 * Signs `messages` with `seed`, splitting the work between the calling thread and worker threads
 * when the batch is large and the machine has spare cores. Same signatures as signing one by one.
 */
export async function parallelSign(seed: Uint8Array, messages: readonly Uint8Array[]): Promise<Uint8Array[]> {
  const workers = Math.min(availableParallelism() - 1, 3);
  if (messages.length < PARALLEL_THRESHOLD || workers < 1) return messages.map((m) => signBytes(seed, m));
  const share = Math.ceil(messages.length / (workers + 1));
  const pending: Array<Promise<Uint8Array[]>> = [];
  for (let w = 0; w < workers; w++) {
    const slice = messages.slice(share * (w + 1), share * (w + 2));
    if (slice.length === 0) break;
    pending.push(signInWorker(seed, slice));
  }
  const mine = messages.slice(0, share).map((m) => signBytes(seed, m));
  const theirs = await Promise.all(pending);
  return mine.concat(...theirs);
}

function signInWorker(seed: Uint8Array, messages: readonly Uint8Array[]): Promise<Uint8Array[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { seed: Uint8Array.from(seed) } });
    worker.once('message', (sigs: Uint8Array[]) => {
      resolve(sigs);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.postMessage(messages);
  });
}
