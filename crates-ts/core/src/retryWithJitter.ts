import { isGatosError } from './errors.js';

/**
 * Runs `attempt` until it succeeds or `maxAttempts` compare-and-swap conflicts (`REF_CAS_MISMATCH`) have
 * happened, sleeping a jittered exponential backoff (25 ms base, 500 ms cap) between tries.
 * Any other error ends the loop at once. The last conflict is rethrown when the tries run out.
 */
export async function retryWithJitter<T>(maxAttempts: number, attempt: (n: number) => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (!isGatosError(err, 'REF_CAS_MISMATCH') || n >= maxAttempts) throw err;
      const cap = Math.min(500, 25 * 2 ** (n - 1));
      // Jitter keeps racing writers from retrying in lockstep; it never influences what is written.
      await new Promise((r) => setTimeout(r, cap / 2 + Math.random() * (cap / 2)));
    }
  }
}
