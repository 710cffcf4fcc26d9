/**
 * Loads the one pinned QuickJS build (SPEC-DIGEST §3 Q1): `@jitl/quickjs-wasmfile-release-sync@0.32.0`.
 *
 * The compiled `WebAssembly.Module` is cached; every fold run gets its own *instance* with its own,
 * capped linear memory. Why not one shared instance: in this build QuickJS's memory limit does not
 * count bytes (emscripten's `malloc_usable_size` is reported as 0, so a 32 MiB limit let the heap grow
 * to 2 GiB), and a shared heap makes the point where memory runs out depend on earlier runs. A fresh
 * instance costs ~2–5 ms and makes out-of-memory a deterministic function of the run, and an instance
 * that aborted (trap, leaked handle) is simply dropped: the host keeps working.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { newQuickJSWASMModuleFromVariant, newVariant } from 'quickjs-emscripten-core';
import type { CustomizeVariantOptions, QuickJSSyncVariant, QuickJSWASMModule } from 'quickjs-emscripten-core';
import variantImport from '@jitl/quickjs-wasmfile-release-sync';

// The package's types describe it as CommonJS, but Node's ESM import yields the variant itself.
const variant = ((variantImport as unknown as { default?: QuickJSSyncVariant }).default ?? variantImport) as QuickJSSyncVariant;

/** The slice of the WebAssembly JS API used here (Node 20's @types/node does not declare it). */
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  Memory: new (descriptor: { initial: number; maximum: number }) => object;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The exact engine package version; part of {@link engineId}. */
export const QUICKJS_VARIANT_VERSION = '0.32.0';
const WASM_PAGE = 65_536;
/** emscripten's INITIAL_MEMORY for this build (16 MiB). */
const INITIAL_MEMORY_BYTES = 16 * 1024 * 1024;

let wasmBytes: Buffer | undefined;
let compiled: Promise<object> | undefined;

function readWasm(): Buffer {
  if (wasmBytes === undefined) {
    const require = createRequire(import.meta.url);
    wasmBytes = readFileSync(require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm'));
  }
  return wasmBytes;
}

/** Lowercase hex SHA-256 of the pinned `.wasm` file. */
export function wasmSha256(): string {
  return createHash('sha256').update(readWasm()).digest('hex');
}

/**
 * The `Fold-Engine` identity: `qjs@0.32.0+wasm=<first 16 hex of sha256(wasm)>+gfc@1+num=q32.32+rng=pcg32@1`.
 * Verifiers must run the same wasm bytes; the limits in `DEFAULT_FOLD_LIMITS` are pinned to this id.
 *
 * @example engineId() // 'qjs@0.32.0+wasm=1a2b3c4d5e6f7a8b+gfc@1+num=q32.32+rng=pcg32@1'
 */
export function engineId(): string {
  return `qjs@${QUICKJS_VARIANT_VERSION}+wasm=${wasmSha256().slice(0, 16)}+gfc@1+num=q32.32+rng=pcg32@1`;
}

/**
 * A fresh, isolated QuickJS WASM instance whose linear memory can never exceed `memoryBytes`.
 * Compilation happens once per process; a failed compilation is retried on the next call.
 */
export async function loadEngine(memoryBytes: number): Promise<QuickJSWASMModule> {
  const pending = compiled ?? wasmApi.compile(readWasm());
  compiled = pending;
  pending.catch(() => {
    if (compiled === pending) compiled = undefined;
  });
  const wasmModule = await pending;
  const pages = Math.floor(memoryBytes / WASM_PAGE);
  const wasmMemory = new wasmApi.Memory({ initial: Math.min(INITIAL_MEMORY_BYTES / WASM_PAGE, pages), maximum: pages });
  const options = { wasmModule, wasmMemory } as unknown as CustomizeVariantOptions;
  return newQuickJSWASMModuleFromVariant(newVariant(variant, options));
}
