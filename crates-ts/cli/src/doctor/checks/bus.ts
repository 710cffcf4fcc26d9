import { decodeCommit, readTreeFiles, ulidTime, type Clock } from '@gatos/core';
import { DEFAULT_SEGMENT_MESSAGES, MBUS_PREFIX, SUMMARY_FILE, parseSegmentRef } from '@gatos/mind';
import type { Check, Finding } from '../finding.js';

export interface BusLimits {
  /** A segment holding more messages than this should have rotated. */
  readonly segmentMaxMessages: number;
  /** A segment older than this many days should have been pruned to a summary. */
  readonly ttlDays: number;
}

/** The defaults of both profiles (SPEC-DIGEST §10: 100k messages per segment, 30-day TTL). */
export const DEFAULT_BUS_LIMITS: BusLimits = { segmentMaxMessages: DEFAULT_SEGMENT_MESSAGES, ttlDays: 30 };

const DAY_MS = 86_400_000;

/**
 * `bus.segment-over-threshold`: a segment with more messages than the rotation threshold (written by
 * a publisher with other settings, or by hand). `bus.ttl-no-summary`: a segment older than the TTL
 * (by its ULID) that still holds messages instead of a pruned summary. Both are warnings: nothing is
 * false, but readers and clones pay for it. A pruned segment's ref holds one summary commit.
 */
export function busCheck(clock: Clock, limits: BusLimits = DEFAULT_BUS_LIMITS): Check {
  return {
    name: 'bus',
    async run({ repo }) {
      const findings: Finding[] = [];
      const now = clock.now();
      for (const { ref, oid } of await repo.refs.list(MBUS_PREFIX)) {
        const parsed = parseSegmentRef(ref);
        if (parsed === null) continue;
        const commit = decodeCommit((await repo.objects.read(oid)).body);
        if (commit.parents.length === 0 && (await readTreeFiles(repo.objects, commit.tree, 16)).has(SUMMARY_FILE)) continue;
        const count = (await repo.objects.walk(oid)).length;
        if (count > limits.segmentMaxMessages) {
          findings.push({ id: 'bus.segment-over-threshold', severity: 'warning', subject: ref, message: `segment ${parsed.segment} of topic ${parsed.topic} holds ${count} messages (rotation threshold ${limits.segmentMaxMessages})`, remedy: `prune it once consumers have acknowledged: git gatos bus prune ${parsed.topic} --older-than <age>` });
        }
        const ageDays = (now - ulidTime(parsed.segment)) / DAY_MS;
        if (ageDays > limits.ttlDays) {
          findings.push({ id: 'bus.ttl-no-summary', severity: 'warning', subject: ref, message: `segment ${parsed.segment} of topic ${parsed.topic} is ${Math.floor(ageDays)} days old (TTL ${limits.ttlDays}) and was never pruned to a summary`, remedy: `git gatos bus prune ${parsed.topic} --older-than ${limits.ttlDays}d` });
        }
      }
      return findings;
    },
  };
}
