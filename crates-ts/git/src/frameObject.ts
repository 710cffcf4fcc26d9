/** Loose-object framing shared by the writers: `"<type> <len>\0" + body` and its SHA-1 id. */
import { createHash } from 'node:crypto';
import type { Oid, RawObject } from '@gatos/core';

/** The framed bytes git deflates into a loose object, and their id. */
export function frameObject(o: RawObject): { oid: Oid; framed: Buffer } {
  const framed = Buffer.concat([Buffer.from(`${o.type} ${o.body.length}\0`, 'latin1'), o.body]);
  return { oid: createHash('sha1').update(framed).digest('hex'), framed };
}
