/**
 * Batch strict Ed25519 verification across worker threads. Journal verification is bounded by
 * signature checks (FIELD-NOTES: ~13k/s per core), and they are independent, so large batches
 * are split between the calling thread and workers. Verdicts are identical to `verifyStrict`:
 * the strictness checks (lengths, canonical S, canonical large-order key) run here, and only the
 * cofactorless OpenSSL equation runs in the workers.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { verify } from 'node:crypto';
import { isCanonicalScalar } from './canonicalScalar.js';
import { publicKeyObject } from './nodeKeyObjects.js';
import { publicKeyVerdict } from './strictPublicKey.js';

export interface SignatureCheck {
  readonly publicKey: Uint8Array;
  readonly message: Uint8Array;
  readonly signature: Uint8Array;
}

export interface VerifyPool {
  /** Verdicts in order, each equal to `verifyStrict(publicKey, message, signature)`. */
  verifyMany(checks: readonly SignatureCheck[]): Promise<boolean[]>;
  /** Stops the workers. Idempotent. */
  close(): Promise<void>;
}

// CommonJS script so it runs the same from built code and from tests.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const crypto = require('node:crypto');
const SPKI = Buffer.from('302a300506032b6570032100', 'hex');
const keys = new Map();
parentPort.on('message', ({ id, checks }) => {
  const out = checks.map(([pk, msg, sig]) => {
    const hex = Buffer.from(pk).toString('hex');
    let key = keys.get(hex);
    if (!key) { key = crypto.createPublicKey({ key: Buffer.concat([SPKI, pk]), format: 'der', type: 'spki' }); keys.set(hex, key); }
    return crypto.verify(null, msg, key, sig);
  });
  parentPort.postMessage({ id, out });
});
`;

/** Below this many checks per call, the calling thread does them all. */
const PARALLEL_THRESHOLD = 256;

export interface VerifyPoolOptions {
  /** Worker threads (default: one per spare core, at most 3). */
  readonly threads?: number;
  /**
   * Fraction of each batch the calling thread verifies itself (default: an equal share).
   * Callers that overlap verification with their own work (reading, decoding) pass less.
   */
  readonly callerShare?: number;
}

/** A pool of worker threads for `verifyMany`. */
export function createVerifyPool(options: VerifyPoolOptions = {}): VerifyPool {
  const threads = options.threads ?? Math.max(0, Math.min(availableParallelism() - 1, 3));
  const callerShare = Math.min(1, Math.max(0, options.callerShare ?? 1 / (threads + 1)));
  const workers: Worker[] = [];
  const waiting = new Map<number, (out: boolean[]) => void>();
  let nextId = 0;
  const worker = (i: number): Worker => {
    let w = workers[i];
    if (!w) {
      w = new Worker(WORKER_SOURCE, { eval: true });
      w.on('message', ({ id, out }: { id: number; out: boolean[] }) => {
        waiting.get(id)?.(out);
        waiting.delete(id);
      });
      w.unref();
      workers[i] = w;
    }
    return w;
  };
  const inWorker = (i: number, checks: readonly SignatureCheck[]): Promise<boolean[]> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, resolve);
      const w = worker(i);
      w.once('error', reject);
      w.postMessage({ id, checks: checks.map((c) => [c.publicKey, c.message, c.signature]) });
    });

  return {
    async verifyMany(checks) {
      const verdicts: boolean[] = new Array<boolean>(checks.length).fill(false);
      const passing: number[] = [];
      checks.forEach((c, i) => {
        if (c.signature.length === 64 && isCanonicalScalar(c.signature.subarray(32)) && publicKeyVerdict(c.publicKey) === 'ok') passing.push(i);
      });
      const parallel = threads > 0 && (passing.length >= PARALLEL_THRESHOLD || callerShare === 0);
      const mine = parallel ? Math.round(passing.length * callerShare) : passing.length;
      const share = Math.ceil((passing.length - mine) / Math.max(1, threads));
      const pending = [];
      for (let w = 0; parallel && w < threads; w++) {
        const idx = passing.slice(mine + share * w, mine + share * (w + 1));
        if (idx.length) pending.push(inWorker(w, idx.map((i) => checks[i]!)).then((out) => out.forEach((v, j) => (verdicts[idx[j]!] = v))));
      }
      for (const i of passing.slice(0, mine)) {
        const c = checks[i]!;
        verdicts[i] = verify(null, c.message, publicKeyObject(c.publicKey), c.signature);
      }
      await Promise.all(pending);
      return verdicts;
    },
    async close() {
      await Promise.all(workers.splice(0).map((w) => w.terminate()));
    },
  };
}
