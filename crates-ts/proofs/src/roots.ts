/**
 * The roots a PoX binds (ADR-0019): each is blake3 over a domain tag and a sorted, de-duplicated list
 * of UTF-8 strings, every piece length-prefixed (8-byte big-endian length), so no two different lists
 * hash alike and the order in which a user lists things does not matter.
 *
 *   listRoot(domain, items) = "blake3:" || hex(blake3( LP(domain) || U64BE(n) || LP(item_1) || … || LP(item_n) ))
 *   LP(x) = U64BE(byteLength(x)) || x,  items sorted by their UTF-8 bytes, duplicates removed
 */
import { blake3Hex } from '@gatos/core';

export const INPUTS_DOMAIN = 'gatos.pox.inputs.v1';
export const OUTPUTS_DOMAIN = 'gatos.pox.outputs.v1';
export const PROGRAM_DOMAIN = 'gatos.pox.program.v1';

const utf8 = new TextEncoder();

function u64be(n: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n));
  return out;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Sorted (by UTF-8 bytes) and de-duplicated: the order every root and list in a PoX uses. */
export function canonicalList(items: Iterable<string>): string[] {
  const unique = [...new Set(items)];
  return unique.map((s) => ({ s, b: utf8.encode(s) })).sort((x, y) => compareBytes(x.b, y.b)).map((x) => x.s);
}

/** @example listRoot('gatos.pox.inputs.v1', []) // 'blake3:…' (the empty list has a root too) */
export function listRoot(domain: string, items: Iterable<string>): string {
  const parts: Uint8Array[] = [];
  const lp = (bytes: Uint8Array): void => {
    parts.push(u64be(bytes.length), bytes);
  };
  lp(utf8.encode(domain));
  const sorted = canonicalList(items);
  parts.push(u64be(sorted.length));
  for (const s of sorted) lp(utf8.encode(s));
  const total = parts.reduce((n, p) => n + p.length, 0);
  const buf = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    buf.set(p, at);
    at += p.length;
  }
  return `blake3:${blake3Hex(buf)}`;
}

/** Root of the input pointer hashes (`blake3:<hex>` of each input's plaintext). */
export function inputsRoot(inputs: Iterable<string>): string {
  return listRoot(INPUTS_DOMAIN, inputs);
}

/** Root of the output content ids (job outputs and, with a linked fold, its State-Root). */
export function outputsRoot(outputs: Iterable<string>): string {
  return listRoot(OUTPUTS_DOMAIN, outputs);
}

/** The program: every job id (`job <id>`) and every linked fold's Fold-Root (`fold <root>`). */
export function programId(jobIds: Iterable<string>, foldRoots: Iterable<string>): string {
  return listRoot(PROGRAM_DOMAIN, [...[...jobIds].map((j) => `job ${j}`), ...[...foldRoots].map((f) => `fold ${f}`)]);
}
