/**
 * Actors (SPEC-DIGEST §0): `<kind>:<name>`, e.g. `user:alice`. In refs the actor is written
 * `<kind>/<name>` (§1), so the name must also be a valid git ref component.
 */
import { coreError } from './coreError.js';
import { refComponentProblem } from './refComponent.js';

export type ActorKind = 'user' | 'agent' | 'service';

export interface Actor {
  readonly kind: ActorKind;
  readonly name: string;
}

const ACTOR = /^(user|agent|service):([A-Za-z0-9._-]+)$/;
const MAX_NAME = 100;

/**
 * Parses `user:alice` into `{ kind: 'user', name: 'alice' }`; throws `BAD_ACTOR`.
 * @example parseActor('agent:ci-bot') // { kind: 'agent', name: 'ci-bot' }
 */
export function parseActor(text: string): Actor {
  const match = typeof text === 'string' ? ACTOR.exec(text) : null;
  if (match === null) {
    throw coreError('BAD_ACTOR', `actor ${JSON.stringify(String(text).slice(0, 120))} is not <user|agent|service>:<name> (name: letters, digits, ".", "_", "-"; e.g. user:alice)`, {
      data: { actor: String(text).slice(0, 120) },
    });
  }
  const kind = match[1] as ActorKind;
  const name = match[2]!;
  const problem = name.length > MAX_NAME ? `is longer than ${MAX_NAME} characters` : refComponentProblem(name);
  if (problem !== null) {
    throw coreError('BAD_ACTOR', `actor name ${JSON.stringify(name.slice(0, 120))} ${problem} (it must be usable as a git ref component)`, {
      data: { actor: text.slice(0, 120) },
    });
  }
  return { kind, name };
}

/**
 * The actor's path inside refs: `user:alice` → `user/alice` (as in `refs/gatos/journal/<ns>/user/alice`).
 * @example actorRefPath('user:alice') // 'user/alice'
 */
export function actorRefPath(actor: string): string {
  const { kind, name } = parseActor(actor);
  return `${kind}/${name}`;
}
