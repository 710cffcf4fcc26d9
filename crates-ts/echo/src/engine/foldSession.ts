/**
 * One fold run inside one fresh QuickJS instance, runtime and context (SPEC-DIGEST §3 Q2): loads the
 * prelude, the guest module, and feeds it engine batches. Owns every handle it creates and disposes
 * them all; the instance is never reused.
 *
 * Fuel (Q3) counts interrupt-handler calls, which QuickJS makes at fixed interpreter-poll intervals:
 * the count depends only on the code executed, never on time. The allowance grows with the events
 * handed over, one engine batch at a time.
 */
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten-core';
import { echoError } from '../errors.js';
import type { PreparedFold } from '../module/prepareFold.js';
import { PRELUDE_SOURCE } from '../prelude/preludeSource.js';
import type { FoldLimits } from '../types.js';
import { loadEngine } from './loadEngine.js';

/** Why a sandbox call failed; `index` is the global event index, or -1 during load/init. */
export interface SandboxFailure {
  readonly kind: 'syntax' | 'badmodule' | 'threw' | 'badstate' | 'async' | 'oom' | 'stack' | 'fuel';
  readonly index: number;
  readonly message?: string;
  readonly stack?: string;
  readonly reason?: string;
  readonly path?: string;
}

const POISON_KINDS = { 1: 'oom', 2: 'stack', 3: 'async' } as const;

export class FoldSession {
  private ticks = 0;
  private allowance: number;
  private exhausted = false;
  private poisoned: SandboxFailure | undefined;
  private driver: QuickJSHandle | undefined;

  private constructor(
    private readonly engine: QuickJSWASMModule,
    private readonly rt: QuickJSRuntime,
    private readonly ctx: QuickJSContext,
    private readonly limits: FoldLimits,
  ) {
    this.allowance = limits.fuelBase;
  }

  /** Creates the instance, applies the limits and runs the prelude (lockdown + helpers + driver). */
  static async open(limits: FoldLimits): Promise<FoldSession> {
    const engine = await loadEngine(limits.memoryBytes);
    const rt = engine.newRuntime();
    rt.setMemoryLimit(limits.heapLimitBytes);
    rt.setMaxStackSize(limits.stackBytes);
    const ctx = rt.newContext();
    const session = new FoldSession(engine, rt, ctx, limits);
    rt.setInterruptHandler(() => session.onInterrupt());
    session.driver = session.guarded(() => session.boot(), undefined);
    return session;
  }

  /** Interrupt ticks spent so far. */
  get fuelUsed(): number {
    return this.ticks;
  }

  private onInterrupt(): boolean {
    this.ticks++;
    if (this.poisoned !== undefined) return true;
    if (this.ticks > this.allowance) {
      this.exhausted = true;
      return true;
    }
    return false;
  }

  private boot(): QuickJSHandle {
    const { ctx } = this;
    const factory = ctx.unwrapResult(ctx.evalCode(PRELUDE_SOURCE, 'gatos-prelude.js', { type: 'global', strict: true }));
    const poison = ctx.newFunction('poison', (kind) => {
      // Called by the prelude when guest code catches an engine failure or touches Promise.
      if (this.poisoned === undefined) {
        const k = ctx.getNumber(kind) as 1 | 2 | 3;
        this.poisoned = { kind: POISON_KINDS[k], index: this.cursor() };
      }
    });
    try {
      return ctx.unwrapResult(ctx.callFunction(factory, ctx.undefined, poison));
    } finally {
      poison.dispose();
      factory.dispose();
    }
  }

  private cursor(): number {
    if (this.driver === undefined) return -1;
    const h = this.ctx.getProp(this.driver, 'cursor');
    try {
      return this.ctx.getNumber(h);
    } finally {
      h.dispose();
    }
  }

  /** Evaluates the instrumented guest module and runs its top level. */
  load(prepared: PreparedFold, filename: string): SandboxFailure | undefined {
    return this.guarded(() => {
      const evaluated = this.ctx.evalCode(prepared.script, filename, { type: 'global', strict: true });
      if (evaluated.error) {
        const failure = this.classify(evaluated.error, 'syntax');
        evaluated.error.dispose();
        return failure;
      }
      try {
        return this.call('load', [evaluated.value]);
      } finally {
        evaluated.value.dispose();
      }
    }, () => this.oomHere());
  }

  /** Runs `init()` (or adopts the given checkpoint text) and checks the state. */
  start(initialText: string | undefined): SandboxFailure | undefined {
    return this.guarded(() => {
      if (initialText === undefined) return this.call('start', []);
      const text = this.ctx.newString(initialText);
      try {
        return this.call('start', [text]);
      } finally {
        text.dispose();
      }
    }, () => this.oomHere());
  }

  /** Folds one engine batch (`count` events starting at global index `base`); `check` settles the state after it. */
  fold(batchText: string, base: number, count: number, check: boolean): SandboxFailure | undefined {
    this.allowance += this.limits.fuelPerEvent * count;
    return this.guarded(() => {
      const text = this.ctx.newString(batchText);
      const baseHandle = this.ctx.newNumber(base);
      const checkHandle = check ? this.ctx.true : this.ctx.false;
      try {
        return this.call('fold', [text, baseHandle, checkHandle]);
      } finally {
        baseHandle.dispose();
        text.dispose();
      }
    }, () => this.oomHere());
  }

  /** Checks and normalises the final state (the end of a run). */
  finish(): SandboxFailure | undefined {
    return this.guarded(() => this.call('finish', []), () => this.oomHere());
  }

  private oomHere(): SandboxFailure {
    return { kind: 'oom', index: this.cursor() };
  }

  /** The canonical JSON text of the current state. */
  result(): string {
    return this.guarded(() => {
      const driver = this.driver as QuickJSHandle;
      const fn = this.ctx.getProp(driver, 'result');
      try {
        const text = this.ctx.unwrapResult(this.ctx.callFunction(fn, driver));
        try {
          return this.ctx.getString(text);
        } finally {
          text.dispose();
        }
      } finally {
        fn.dispose();
      }
    }, undefined);
  }

  private call(method: string, args: QuickJSHandle[]): SandboxFailure | undefined {
    const { ctx } = this;
    const driver = this.driver as QuickJSHandle;
    const fn = ctx.getProp(driver, method);
    const result = (() => {
      try {
        return ctx.callFunction(fn, driver, args);
      } finally {
        fn.dispose();
      }
    })();
    if (result.error) {
      const failure = this.classify(result.error, 'threw');
      result.error.dispose();
      return failure;
    }
    const value = result.value;
    try {
      if (this.poisoned !== undefined) return this.poisoned;
      if (this.rt.hasPendingJob()) return { kind: 'async', index: this.cursor() };
      if (ctx.typeof(value) === 'undefined') return undefined;
      return ctx.dump(value) as SandboxFailure;
    } finally {
      value.dispose();
    }
  }

  /** Maps an exception that escaped the driver (interrupts, failures while describing a failure). */
  private classify(error: QuickJSHandle, fallback: 'syntax' | 'threw'): SandboxFailure {
    if (this.poisoned !== undefined) return this.poisoned;
    const index = this.cursor();
    if (this.exhausted) return { kind: 'fuel', index };
    if (this.ctx.sameValue(error, this.ctx.null)) return { kind: 'oom', index };
    const dumped = this.ctx.dump(error) as { name?: unknown; message?: unknown } | null;
    const message = typeof dumped?.message === 'string' ? dumped.message : String(dumped);
    if (message === 'out of memory') return { kind: 'oom', index };
    if (message === 'stack overflow') return { kind: 'stack', index };
    const name = typeof dumped?.name === 'string' ? dumped.name : 'Error';
    return { kind: fallback, index, message: `${name}: ${message}` };
  }

  /**
   * Runs host-side work against the instance. A host exception here is either memory exhaustion while
   * marshalling (the instance is at its ceiling: reported as a deterministic `oom`) or an engine bug.
   */
  private guarded<T>(work: () => T, atCeiling: (() => T) | undefined): T {
    try {
      return work();
    } catch (err) {
      if ((err as { code?: unknown }).code === 'FOLD_ENGINE_ABORTED') throw err;
      if (atCeiling !== undefined && this.engine.getWasmMemory().buffer.byteLength >= this.limits.memoryBytes) return atCeiling();
      throw echoError('FOLD_ENGINE_ABORTED', `the QuickJS engine failed: ${(err as Error).message} (instance discarded)`, {}, err);
    }
  }

  /** Disposes every handle, the context and the runtime; returns false if the engine complained. */
  dispose(): boolean {
    try {
      this.driver?.dispose();
      this.ctx.dispose();
      this.rt.dispose();
      return true;
    } catch {
      return false;
    }
  }
}
