import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentId, parseDuration, parseQuorum, pocDigest, buildProofOfConsensus, type ProofOfConsensus } from '../src/index.js';

interface Case { name: string; source: string; kind: string; idField?: string; input: unknown; expected?: unknown; error?: { code: string } }
const load = (file: string): Case[] =>
  (JSON.parse(readFileSync(new URL(`../../../spec/vectors/governance/${file}`, import.meta.url), 'utf8')) as { cases: Case[] }).cases;

describe('governance vectors (spec/vectors/governance)', () => {
  for (const c of load('ids.json')) {
    it(`${c.name} (${c.source})`, () => {
      if (c.kind === 'id') expect(contentId(c.input as Record<string, unknown>, c.idField!)).toBe(c.expected);
      else if (c.kind === 'poc') expect(pocDigest(c.input as ProofOfConsensus)).toBe(`blake3:${String(c.expected)}`);
      else {
        const poc = c.input as ProofOfConsensus;
        const rebuilt = buildProofOfConsensus(poc, poc.approvals.map((a) => ({ proposal_id: poc.proposal_id, ...a })));
        expect(pocDigest(rebuilt)).toBe(`blake3:${String(c.expected)}`);
      }
    });
  }
  for (const c of load('quorum-duration.json')) {
    it(`${c.kind} ${c.name} (${c.source})`, () => {
      const run = (): unknown => (c.kind === 'quorum' ? parseQuorum(c.input) : parseDuration(c.input));
      if (c.error) expect(run).toThrow(expect.objectContaining({ code: c.error.code }));
      else expect(run()).toEqual(c.expected);
    });
  }
});
