/**
 * The pinned sandbox limits (ADR 0002 "Limits and fuel"). Changing any value changes what folds can
 * do, so it must come with a new engine identity.
 */
import type { FoldLimits } from './types.js';

/**
 * Defaults. One tick ≈ 10,000 interpreter polls ≈ 5,000 simple loop iterations; a small reducer
 * spends well under 0.1 tick per event, so 4 per event is a wide margin, while an infinite loop in
 * one event still ends after at most `fuelBase + fuelPerEvent × batchEvents` ticks.
 */
export const DEFAULT_FOLD_LIMITS: FoldLimits = Object.freeze({
  fuelBase: 1_000,
  fuelPerEvent: 4,
  memoryBytes: 256 * 1024 * 1024,
  heapLimitBytes: 128 * 1024 * 1024,
  // 256 KiB ≈ 1,300 nested guest calls; 1 MiB already overflows the host (V8) stack in this build.
  stackBytes: 256 * 1024,
  batchEvents: 500,
});

/** Applies overrides to the defaults, rejecting values that would make the engine unsafe. */
export function resolveLimits(overrides: Partial<FoldLimits> | undefined): FoldLimits {
  const limits: FoldLimits = { ...DEFAULT_FOLD_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`fold limit ${name} must be a non-negative integer, got ${String(value)}`);
  }
  if (limits.batchEvents < 1) throw new RangeError('fold limit batchEvents must be at least 1');
  if (limits.memoryBytes % 65_536 !== 0 || limits.memoryBytes < 32 * 1024 * 1024) {
    throw new RangeError('fold limit memoryBytes must be a multiple of 64 KiB and at least 32 MiB');
  }
  if (limits.stackBytes < 16 * 1024 || limits.stackBytes > 512 * 1024) {
    throw new RangeError('fold limit stackBytes must be between 16 KiB and 512 KiB (larger overflows the host stack)');
  }
  return limits;
}
