import { describe, expect, it } from 'vitest';
import { actorRefPath, assertEventType, assertNamespace, parseActor } from '../src/index.js';
import { expectCode } from './support/vectors.js';

describe('actors', () => {
  it('parses the three kinds and maps them to ref paths', () => {
    expect(parseActor('user:alice')).toEqual({ kind: 'user', name: 'alice' });
    expect(parseActor('agent:ci-bot_2')).toEqual({ kind: 'agent', name: 'ci-bot_2' });
    expect(actorRefPath('service:build.v1')).toBe('service/build.v1');
  });

  it.each([
    ['alice', /<user\|agent\|service>:<name>/],
    ['robot:x', /<user\|agent\|service>/],
    ['user:', /<user\|agent\|service>/],
    ['user:a/b', /<user\|agent\|service>/],
    ['user:a b', /<user\|agent\|service>/],
    ['user:.hidden', /starts with "\."/],
    ['user:trailing.', /ends with "\."/],
    ['user:x.lock', /\.lock/],
    ['user:a..b', /"\.\."/],
    [`user:${'a'.repeat(101)}`, /longer than 100/],
  ])('rejects %s with a hint', (text, hint) => {
    expect(expectCode(() => parseActor(text), 'BAD_ACTOR').message).toMatch(hint);
  });

  it('accepts a 100-character name', () => {
    expect(parseActor(`user:${'a'.repeat(100)}`).name.length).toBe(100);
  });
});

describe('namespaces', () => {
  it.each(['demo', 'ops.prod', '0', 'a-b_c', 'x'.repeat(64)])('accepts %s', (ns) => assertNamespace(ns));
  it.each(['', 'Demo', '.x', '-x', 'a/b', 'a..b', 'x.lock', 'trailing.', 'x'.repeat(65), 'a b'])('rejects %j', (ns) => {
    expectCode(() => assertNamespace(ns), 'BAD_NAMESPACE');
  });
});

describe('event types', () => {
  it.each(['event.append', 'jobs.enqueue', 'demo:nested.v2', 'A', 'x'.repeat(128)])('accepts %s', (t) => assertEventType(t));
  it.each(['', '.x', 'a b', 'a/b', 'x'.repeat(129), 'é'])('rejects %j', (t) => {
    expectCode(() => assertEventType(t), 'BAD_EVENT_TYPE');
  });
});
