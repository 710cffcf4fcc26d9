import type { Pusher } from './auditRecord.js';
import { safeText } from './safeText.js';

/** Environment variables that identify the pusher, and the field each fills. */
const FIELDS: ReadonlyArray<readonly [keyof Pusher, string]> = [
  ['gitea_pusher_name', 'GITEA_PUSHER_NAME'],
  ['gitea_pusher_email', 'GITEA_PUSHER_EMAIL'],
  ['gl_username', 'GL_USERNAME'],
  ['gl_id', 'GL_ID'],
  ['remote_user', 'REMOTE_USER'],
  ['remote_addr', 'REMOTE_ADDR'],
];

/**
 * The pusher as the hook's environment describes it: Gitea/Forgejo set `GITEA_PUSHER_*`, GitLab
 * `GL_USERNAME`/`GL_ID`, `git http-backend` passes the web server's `REMOTE_USER`/`REMOTE_ADDR`.
 * Values are attacker-influenced text: they are recorded, never interpreted.
 */
export function pusherFromEnv(env: NodeJS.ProcessEnv): Pusher {
  const out: Record<string, string> = {};
  for (const [field, name] of FIELDS) {
    const value = env[name];
    if (value !== undefined && value !== '') out[field] = safeText(value, 256);
  }
  return out;
}
