import type { CID } from 'multiformats/cid';

/**
 * A value gatos can put in canonical DAG-CBOR: no floats, no undefined.
 * Integers are JS numbers when safe (|n| <= 2^53-1) and BigInt otherwise, up to 64-bit heads.
 */
export type CborValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | CborValue[]
  | { [key: string]: CborValue }
  | CID;
